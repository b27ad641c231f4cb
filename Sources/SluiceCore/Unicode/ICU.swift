import CICUShim

/// The version of the ICU library sluice runs on, e.g. `72.1`.
public var icuVersion: String { String(cString: sluice_icu_version()) }
