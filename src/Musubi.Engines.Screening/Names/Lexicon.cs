using System.Collections.Frozen;

namespace Musubi.Engines.Screening;

/// <summary>
/// The word lists the normalizer and scorer use: legal forms across languages, abbreviations, stop words and the
/// common words of organization names that weigh less than distinctive ones. Curated by the team from the legal-form
/// names in ISO 20275 (Entity Legal Forms) and the words that recur across denied-party lists; not exhaustive.
/// </summary>
internal static class Lexicon
{
    /// <summary>
    /// Legal forms, as token sequences after normalization (lower case, punctuation removed, dotted acronyms joined:
    /// "K.K." → "kk"). All of them are equivalent for matching: they are removed from the compared tokens and recorded.
    /// </summary>
    public static readonly string[] LegalFormPhrases =
    [
        // English and international
        "company limited", "co ltd", "co limited", "company ltd", "co inc", "co llc", "limited", "ltd", "inc",
        "incorporated", "corp", "corporation", "co", "company", "llc", "l l c", "plc", "lp", "llp", "pte ltd", "pte",
        "pvt ltd", "pvt", "private limited", "pty ltd", "pty", "public company limited", "pcl", "gmbh", "ag", "kg",
        "gmbh co kg", "sa", "s a", "sas", "sarl", "spa", "srl", "bv", "nv", "oy", "oyj", "ab", "as", "asa", "aps",
        "sp z o o", "sro", "as", "jsc", "ojsc", "pjsc", "cjsc", "ojsc", "fze", "fzco", "fzc", "fzllc", "llc fz",
        "joint stock company", "open joint stock company", "closed joint stock company", "public joint stock company",
        "limited liability company", "limited company", "sdn bhd", "bhd", "tbk", "pt",
        // Russian (Latin and Cyrillic), Ukrainian, Belarusian
        "ooo", "oao", "zao", "pao", "ao", "fgup", "gup", "tov", "pat", "prat",
        "ооо", "оао", "зао", "пао", "ао", "фгуп", "гуп", "тов", "пат", "прат", "нао",
        "акционерное общество", "публичное акционерное общество", "открытое акционерное общество",
        "закрытое акционерное общество", "общество с ограниченной ответственностью",
        "федеральное государственное унитарное предприятие", "корпорация", "компания",
        // Japanese (romanized)
        "kk", "k k", "kabushiki kaisha", "kabushikikaisha", "kabushiki gaisha", "kabushikigaisha", "yk", "yugen kaisha",
        "yugengaisha", "gk", "godo kaisha", "godogaisha",
        // Chinese (pinyin) and Korean (romanized)
        "youxian gongsi", "gufen youxian gongsi", "youxian zeren gongsi", "jusikhoesa", "chusik hoesa", "jusik hoesa",
        // Persian and Arabic
        "sherkat", "sahami khas", "sahami aam", "gongsi", "youxiangongsi", "gufenyouxiangongsi", "youxianzerengongsi", "شرکت", "سهامی خاص", "سهامی عام", "شركة", "ذ م م",
    ];

    /// <summary>Legal forms written without spaces inside CJK text: removed wherever they stand at either end.</summary>
    public static readonly string[] CjkLegalForms =
    [
        "股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "株式会社", "有限会社", "合同会社", "合資会社", "合名会社",
        "(株)", "(有)", "(合)", "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人", "国立研究開発法人", "独立行政法人",
        "주식회사", "(주)", "유한회사", "公司",
    ];

    /// <summary>Abbreviations and word forms mapped to one spelling before comparison.</summary>
    public static readonly FrozenDictionary<string, string> Abbreviations = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["intl"] = "international",
        ["int'l"] = "international",
        ["internat"] = "international",
        ["tech"] = "technology",
        ["techn"] = "technology",
        ["technol"] = "technology",
        ["technologies"] = "technology",
        ["technological"] = "technology",
        ["inst"] = "institute",
        ["instit"] = "institute",
        ["sci"] = "science",
        ["scientific"] = "science",
        ["mfg"] = "manufacturing",
        ["manuf"] = "manufacturing",
        ["ind"] = "industry",
        ["inds"] = "industry",
        ["indus"] = "industry",
        ["industrial"] = "industry",
        ["industries"] = "industry",
        ["assn"] = "association",
        ["assoc"] = "association",
        ["univ"] = "university",
        ["natl"] = "national",
        ["nat'l"] = "national",
        ["acad"] = "academy",
        ["eng"] = "engineering",
        ["engr"] = "engineering",
        ["engg"] = "engineering",
        ["elec"] = "electric",
        ["electrical"] = "electric",
        ["mach"] = "machinery",
        ["bros"] = "brothers",
        ["dept"] = "department",
        ["govt"] = "government",
        ["res"] = "research",
        ["dev"] = "development",
        ["devel"] = "development",
        ["sys"] = "system",
        ["svc"] = "service",
        ["svcs"] = "service",
        ["mgmt"] = "management",
        ["hldgs"] = "holding",
        ["hldg"] = "holding",
        ["grp"] = "group",
        ["ctr"] = "center",
        ["centre"] = "center",
        ["cntr"] = "center",
        ["aeronautical"] = "aeronautic",
        ["aeronautics"] = "aeronautic",
        ["defence"] = "defense",
        ["equip"] = "equipment",
        ["prod"] = "production",
        ["trdg"] = "trading",
        ["mfrs"] = "manufacturer",
        ["mfr"] = "manufacturer",
        ["elect"] = "electronic",
        ["electr"] = "electronic",
        ["aerosp"] = "aerospace",
        ["est"] = "establishment",
        ["estab"] = "establishment",
        ["lab"] = "laboratory",
        ["labs"] = "laboratory",
        ["lab."] = "laboratory",
        ["st"] = "saint",
        ["mt"] = "mount",
        ["phys"] = "physics",
        ["chem"] = "chemical",
        ["metall"] = "metallurgical",
        ["shipbldg"] = "shipbuilding",
        ["opt"] = "optical",
        ["techs"] = "technology",
        ["indl"] = "industry",
        ["scis"] = "science",
        ["sciences"] = "science",
        ["comms"] = "communication",
        ["commun"] = "communication",
        ["communications"] = "communication",
        ["devt"] = "development",
        ["hvy"] = "heavy",
        ["avn"] = "aviation",
        ["instr"] = "instrument",
        ["instrs"] = "instrument",
        ["gen"] = "general",
        ["genl"] = "general",
        ["prec"] = "precision",
        ["san"] = "sanayi",
        ["tic"] = "ticaret",
        ["laboratories"] = "laboratory",
        ["electrics"] = "electric",
        ["electronics"] = "electronic",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Words that carry nothing in a name: dropped unless the name has nothing else.</summary>
    public static readonly FrozenSet<string> StopWords = new[]
    {
        "of", "the", "and", "for", "in", "at", "on", "a", "an", "de", "des", "du", "la", "le", "el", "y", "und", "der",
        "die", "das", "di", "da", "do", "im", "et", "e", "и", "в", "по", "of.",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Common words of organization names across denied-party lists (after stemming and abbreviation): they match
    /// like any token but weigh <see cref="CommonWeight"/> instead of 1, so two names sharing only "China",
    /// "Industries" and "Technology" do not look alike. Includes the romanized and CJK forms of the same words.
    /// </summary>
    public static readonly FrozenSet<string> CommonWords = new[]
    {
        // countries, nationalities, regions
        "china", "chinese", "russia", "russian", "iran", "iranian", "korea", "korean", "japan", "japanese", "nippon",
        "nihon", "america", "american", "united", "state", "states", "national", "international", "global", "world",
        "asia", "asian", "pacific", "europe", "european", "east", "west", "north", "south", "middle", "central",
        "federal", "republic", "people", "peoples", "islamic", "democratic", "hong", "kong", "zhongguo", "guojia",
        // organization words
        "industry", "technology", "science", "research", "institute", "academy", "university", "college", "school",
        "group", "holding", "trading", "trade", "general", "engineering", "heavy", "electronics", "electric",
        "aerospace", "aviation", "aero", "space", "defense", "military", "army", "navy", "air", "force", "center",
        "enterprise", "factory", "plant", "production", "manufacturing", "manufacturer", "service", "system",
        "development", "equipment", "machinery", "machine", "precision", "import", "export", "investment", "bureau",
        "office", "ministry", "department", "agency", "administration", "organization", "association", "union",
        "cooperation", "partnership", "branch", "division", "unit", "laboratory", "establishment", "design",
        "scientific", "instrument", "material", "materials", "metal", "chemical", "energy", "power", "nuclear",
        "missile", "shipbuilding", "ship", "marine", "maritime", "shipping", "logistics", "transport", "communication",
        "communications", "information", "software", "network", "solution", "solutions", "product", "products",
        "supply", "commercial", "construction", "new", "first", "advanced", "applied", "complex", "project",
        "scientific-production", "science-production", "production-association", "concern", "plant", "works",
        "kogyo", "sangyo", "gijutsu", "kenkyusho", "kenkyu", "gongye", "keji", "jishu", "yanjiu", "yanjiusuo",
        "zhongguo", "jituan", "gongsi", "youxian", "gufen", "kexue", "daxue", "xueyuan",
        // CJK common bigrams (original-script forms compare bigrams)
        "中国", "国家", "研究", "究院", "究所", "技术", "科技", "工业", "集团", "公司", "有限", "大学", "学院", "工程",
        "電子", "工業", "産業", "技術", "研究所", "日本", "電機", "電気", "会社", "科学", "航空", "航天", "电子",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The weight of a common word, against 1 for a distinctive one.</summary>
    public const double CommonWeight = 0.3;
}
