/// Writes UTF-8 bytes as a JSON string literal: quotes, backslashes and control characters
/// escaped, everything else as it is (valid UTF-8 stays UTF-8).
///
///     JSONString.append("say \"hi\"\n", to: buffer)   // "say \"hi\"\n" with the escapes
public enum JSONString {
    public static func append(_ bytes: UnsafeRawBufferPointer, to out: ByteBuffer) {
        out.reserve(bytes.count + 2)
        out.append(0x22)
        var runStart = 0
        for i in 0..<bytes.count {
            let b = bytes[i]
            guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
            out.append(UnsafeRawBufferPointer(rebasing: bytes[runStart..<i]))
            runStart = i + 1
            out.append(0x5C)
            switch b {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x0A: out.append(0x6E)  // n
            case 0x0D: out.append(0x72)  // r
            case 0x09: out.append(0x74)  // t
            default:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])  // u00XX
            }
        }
        out.append(UnsafeRawBufferPointer(rebasing: bytes[runStart...]))
        out.append(0x22)
    }

    public static func append(_ text: String, to out: ByteBuffer) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0), to: out) }
    }
}
