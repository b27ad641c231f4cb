/// The function words of the languages the line classifier knows, used for its stopword
/// density: prose is dense in "the", "of", "и", "que"; menus, teasers and footers are not.
///
/// Each language's list is short (the most frequent function words) and lowercase. A line's
/// words are looked up case-insensitively (ASCII, Latin-1, Latin Extended-A, Greek and
/// Cyrillic case) in one hash table whose entries carry a bit per language, so one lookup
/// counts a word for every language at once; the document's language is then the one whose
/// words are most frequent in it.
///
///     Stopwords.languages[Stopwords.shared.lookup(hashOf("The"))]  // bit of "en" set
enum Stopwords {
    /// The language codes, in bit order.
    static let languages: [String] = lists.map { $0.0 }

    /// (language, space-separated lowercase words).
    static let lists: [(String, String)] = [
        ("en", """
            the of and to a in is it that was for on are as with be at by this from or an but \
            not have has had were which their they you he she we his her its our your them been \
            would will can could should there these those than then so if about into who what \
            when where how all also more one after up out do does did no some such over only \
            other just because while through before being i my me us him any most very
            """),
        ("de", """
            der die das und in zu den von ist mit sich des auf für im dem nicht ein eine als auch \
            es an er hat aus bei sie nach wird um noch wie einem über einen so zum war haben nur \
            oder aber vor zur bis mehr durch man sein wurde sind ich wir ihr sei kann dass werden \
            am vom einer eines diese dieser dann da wenn was wo schon sehr unter
            """),
        ("fr", """
            de la le et les des en un une du est que dans qui pour pas par sur au il plus ne se ce \
            avec sont elle son sa ses aux ont mais ou a été nous vous leur cette comme tout y lui \
            être fait bien aussi sans peut ces dont entre même elles ils je on qu d l s n c j m
            """),
        ("es", """
            de la que el en y los del se las por un para con no una su al es lo como más pero sus \
            le ya o fue este ha sí porque esta son entre está cuando muy sin sobre ser también me \
            hasta hay donde han quien desde todo nos durante todos uno les ni contra otros ese eso \
            había ante ellos e esto mí antes algunos qué unos yo otro otras otra él
            """),
        ("pt", """
            de a o que e do da em um para com não uma os no se na por mais as dos como mas ao ele \
            das à seu sua ou quando muito nos já eu também só pelo pela até isso ela entre depois \
            sem mesmo aos seus quem nas me esse eles você essa num nem suas meu às minha numa pelos \
            foi são ser tem está há era pode
            """),
        ("it", """
            di e il la che in a per un è del non una con i le si da al lo dei della sono come anche \
            ma più gli nel alla questo ha delle o se su ci dal nella tra ed essere stato suo sua \
            degli questa era perché quando dopo già cui sul solo ancora molto hanno fra alle all \
            dell nell l un' c d
            """),
        ("ca", """
            de la que i el a en les del per un una amb els no es va és al com més però o ha dels \
            seu seva se ho hi ja també quan molt hem han són ser fer pel sobre aquest aquesta \
            entre sense fins tot perquè li ens us d l s n
            """),
        ("nl", """
            de en van het een in is dat op te zijn die voor met niet aan er als ook om maar dan \
            door bij nog wordt of uit naar heeft tot hij ze was worden zo deze over werd wel kan \
            al geen meer wat hun had zich hebben ik je we
            """),
        ("id", """
            yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke karena oleh ada \
            tersebut bisa atau sudah saat kami kita mereka ia adalah sebagai seperti lebih telah \
            hanya namun bahwa harus masih setelah saya bagi hingga antara tak para jika
            """),
        ("ru", """
            и в не на что с по как он я это к а но из то у за о же все от так его она для бы мы \
            был ее вы уже было ли только когда до еще или при если они был была были даже тоже \
            их чтобы этот может также этом после без во со том который которые которая которых \
            где там себя ни будет есть более об свой своей под
            """),
        ("pl", """
            i w na z się nie do to że jest o a jak od po co tak za ale przez jego dla już tym są \
            czy być może jej też był była było tylko ich ten tego który która które oraz lub gdy \
            jako przy bardzo
            """),
        ("sv", """
            och i att det som en på är av för med till den har de inte om ett han men var jag sig \
            från vi så kan man när år efter också under hon eller sin nu då där vid bara hade
            """),
        ("tr", """
            ve bir bu da de için ile olarak çok daha gibi en ama o ne var kadar sonra olan her \
            ancak ise değil mi şu diye olduğu bu
            """),
        ("uk", """
            і в не на що з та у до як за а але це від по його він вона про для же ти ми ви вони \
            було був була були так також які який яка якщо коли вже ще або при чи
            """),
    ]

    /// The table every classifier shares (it is immutable).
    static let shared = StopwordTable(lists: lists)
}

/// The stoplists as one table (a `WordHashTable`) from a word's case-folded hash to its language
/// bits.
///
/// Words are hashed by `StopwordTable.hash` as their code points go by, so a lookup needs no
/// copy of the word. Two different words with the same 64-bit hash would be confused; the lists
/// are small and the table checks none of the words themselves.
struct StopwordTable: Sendable {
    /// Each stopword's language bits (bit k: list k of `init(lists:)`).
    private var table = WordHashTable<UInt16>(placeholder: 0)

    init(lists: [(String, String)]) {
        for (bit, (_, words)) in lists.enumerated() {
            for word in words.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                var h = StopwordTable.seed
                var n = 0
                for scalar in word.unicodeScalars {
                    let flags = CharClass.flags(scalar.value)
                    guard flags & CharClass.word != 0 else { continue }  // "un'" → "un"
                    h = StopwordTable.hash(h, scalar.value)
                    n += 1
                }
                if n > 0 { table.insert(h, UInt16(1) << UInt16(bit)) { $0 | $1 } }
            }
        }
    }

    /// The language bits of the word with hash `h` (0 when it is no stopword).
    @inline(__always)
    func lookup(_ h: UInt64) -> UInt16 { table.value(h) ?? 0 }

    /// The hash of an empty word.
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Extends hash `h` by code point `c`, lowercased.
    @inline(__always)
    static func hash(_ h: UInt64, _ c: UInt32) -> UInt64 {
        hash(h, lowered: lower(c))
    }

    /// Extends hash `h` by code point `c`, already lowercase.
    @inline(__always)
    static func hash(_ h: UInt64, lowered c: UInt32) -> UInt64 {
        (h ^ UInt64(c)) &* 0x0000_0100_0000_01B3
    }

    /// A simple lowercase for the scripts of the lists: ASCII, Latin-1, Latin Extended-A,
    /// Greek, Cyrillic.
    @inline(__always)
    static func lower(_ c: UInt32) -> UInt32 {
        if c < 0x80 { return (c >= 0x41 && c <= 0x5A) ? c + 0x20 : c }
        if c >= 0xC0 && c <= 0xDE && c != 0xD7 { return c + 0x20 }
        if c >= 0x100 && c <= 0x17F {
            // Latin Extended-A pairs the cases, uppercase first, in four runs.
            let upperIsEven = c <= 0x137 || (c >= 0x14A && c <= 0x177)
            let upperIsOdd = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)
            if (upperIsEven && c & 1 == 0) || (upperIsOdd && c & 1 == 1) { return c + 1 }
            return c
        }
        if c >= 0x391 && c <= 0x3AB { return c + 0x20 }
        if c >= 0x410 && c <= 0x42F { return c + 0x20 }
        if c >= 0x400 && c <= 0x40F { return c + 0x50 }
        return c
    }
}
