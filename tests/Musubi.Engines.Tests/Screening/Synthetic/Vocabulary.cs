namespace Musubi.Synthetic.Screening;

/// <summary>
/// One word of a generated name in every form the generator needs: the native script, its romanization (pinyin,
/// Hepburn with macrons, Revised Romanization, Persian or Arabic transcription, or the word itself for Latin-script
/// languages), the English the lists print, an alternative romanization (Wade-Giles, McCune-Reischauer, another
/// Persian or Arabic spelling, the umlaut-free German spelling) and, for Japanese, the reading in katakana.
/// </summary>
internal sealed record Word(string Native, string Latin, string English, string? Alt = null, string? Kana = null)
{
    /// <summary>The alternative romanization, or the romanization itself when there is none.</summary>
    public string AltOrLatin => Alt ?? Latin;
}

/// <summary>A legal form: how it is printed in English (or the Latin-script language), natively and romanized.</summary>
internal sealed record LegalForm(string English, string Native, string Romanized, bool Prefix = false);

/// <summary>
/// The word tables of the synthetic list. Readings and romanizations are the ordinary ones (Hanyu Pinyin and
/// Wade-Giles for Chinese; Hepburn for Japanese, long vowels with macrons; Revised Romanization and a simplified
/// McCune-Reischauer for Korean). Every table keeps its romanizations distinct so that two generated entities never
/// print the same Latin name.
/// </summary>
internal static class Vocabulary
{
    // ---------------------------------------------------------------- Chinese (CN, HK)

    /// <summary>Chinese cities: Han, pinyin, English (where English differs), Wade-Giles or postal spelling.</summary>
    public static readonly Word[] ChinesePlaces =
    [
        new("北京", "Beijing", "Beijing", "Peking"),
        new("上海", "Shanghai", "Shanghai"),
        new("天津", "Tianjin", "Tianjin", "Tientsin"),
        new("重庆", "Chongqing", "Chongqing", "Chungking"),
        new("广州", "Guangzhou", "Guangzhou", "Kwangchow"),
        new("深圳", "Shenzhen", "Shenzhen", "Shen-chen"),
        new("武汉", "Wuhan", "Wuhan"),
        new("西安", "Xi'an", "Xi'an", "Sian"),
        new("成都", "Chengdu", "Chengdu", "Chengtu"),
        new("南京", "Nanjing", "Nanjing", "Nanking"),
        new("杭州", "Hangzhou", "Hangzhou", "Hangchow"),
        new("沈阳", "Shenyang", "Shenyang", "Shen-yang"),
        new("哈尔滨", "Haerbin", "Harbin", "Harbin"),
        new("长沙", "Changsha", "Changsha", "Ch'ang-sha"),
        new("郑州", "Zhengzhou", "Zhengzhou", "Chengchow"),
        new("济南", "Jinan", "Jinan", "Tsinan"),
        new("青岛", "Qingdao", "Qingdao", "Tsingtao"),
        new("大连", "Dalian", "Dalian", "Talien"),
        new("苏州", "Suzhou", "Suzhou", "Soochow"),
        new("无锡", "Wuxi", "Wuxi", "Wusih"),
        new("合肥", "Hefei", "Hefei", "Hofei"),
        new("南昌", "Nanchang", "Nanchang"),
        new("太原", "Taiyuan", "Taiyuan", "T'ai-yüan"),
        new("兰州", "Lanzhou", "Lanzhou", "Lanchow"),
        new("昆明", "Kunming", "Kunming"),
        new("贵阳", "Guiyang", "Guiyang", "Kweiyang"),
        new("厦门", "Xiamen", "Xiamen", "Amoy"),
        new("福州", "Fuzhou", "Fuzhou", "Foochow"),
        new("宁波", "Ningbo", "Ningbo", "Ningpo"),
        new("珠海", "Zhuhai", "Zhuhai", "Chuhai"),
        new("东莞", "Dongguan", "Dongguan", "Tungkuan"),
        new("佛山", "Foshan", "Foshan", "Fatshan"),
        new("绵阳", "Mianyang", "Mianyang", "Mienyang"),
        new("洛阳", "Luoyang", "Luoyang", "Loyang"),
        new("宝鸡", "Baoji", "Baoji", "Paochi"),
        new("株洲", "Zhuzhou", "Zhuzhou", "Chuchow"),
        new("湘潭", "Xiangtan", "Xiangtan", "Siangtan"),
        new("常州", "Changzhou", "Changzhou", "Changchow"),
        new("烟台", "Yantai", "Yantai", "Chefoo"),
        new("石家庄", "Shijiazhuang", "Shijiazhuang", "Shihkiachwang"),
        new("长春", "Changchun", "Changchun", "Ch'ang-ch'un"),
        new("南宁", "Nanning", "Nanning"),
        new("温州", "Wenzhou", "Wenzhou", "Wenchow"),
        new("徐州", "Xuzhou", "Xuzhou", "Hsuchow"),
        new("唐山", "Tangshan", "Tangshan", "T'ang-shan"),
        new("包头", "Baotou", "Baotou", "Paotow"),
        new("贵州", "Guizhou", "Guizhou", "Kweichow"),
        new("四川", "Sichuan", "Sichuan", "Szechwan"),
        new("江苏", "Jiangsu", "Jiangsu", "Kiangsu"),
        new("陕西", "Shaanxi", "Shaanxi", "Shensi"),
    ];

    public static readonly Word HongKong = new("香港", "Xianggang", "Hong Kong", "Hongkong");
    public static readonly Word China = new("中国", "Zhongguo", "China", "Chung-kuo");

    /// <summary>Syllables of Chinese trade names: Han, pinyin, Wade-Giles (simplified: no apostrophes).</summary>
    public static readonly Word[] ChineseSyllables =
    [
        new("华", "hua", "hua", "hua"), new("中", "zhong", "zhong", "chung"), new("兴", "xing", "xing", "hsing"),
        new("信", "xin", "xin", "hsin"), new("科", "ke", "ke", "ko"), new("航", "hang", "hang", "hang"),
        new("天", "tian", "tian", "tien"), new("宇", "yu", "yu", "yu"), new("海", "hai", "hai", "hai"),
        new("瑞", "rui", "rui", "jui"), new("博", "bo", "bo", "po"), new("达", "da", "da", "ta"),
        new("通", "tong", "tong", "tung"), new("远", "yuan", "yuan", "yuan"), new("东", "dong", "dong", "tung"),
        new("宏", "hong", "hong", "hung"), new("光", "guang", "guang", "kuang"), new("金", "jin", "jin", "chin"),
        new("泰", "tai", "tai", "tai"), new("鼎", "ding", "ding", "ting"), new("恒", "heng", "heng", "heng"),
        new("康", "kang", "kang", "kang"), new("建", "jian", "jian", "chien"), new("安", "an", "an", "an"),
        new("联", "lian", "lian", "lien"), new("创", "chuang", "chuang", "chuang"), new("威", "wei", "wei", "wei"),
        new("盛", "sheng", "sheng", "sheng"), new("龙", "long", "long", "lung"), new("飞", "fei", "fei", "fei"),
        new("鹏", "peng", "peng", "peng"), new("国", "guo", "guo", "kuo"), new("北", "bei", "bei", "pei"),
        new("银", "yin", "yin", "yin"), new("晨", "chen", "chen", "chen"), new("力", "li", "li", "li"),
        new("普", "pu", "pu", "pu"), new("凯", "kai", "kai", "kai"), new("明", "ming", "ming", "ming"),
        new("正", "zheng", "zheng", "cheng"), new("云", "yun", "yun", "yun"), new("峰", "feng", "feng", "feng"),
        new("嘉", "jia", "jia", "chia"),
    ];

    /// <summary>Chinese domain words: Han, pinyin, English.</summary>
    public static readonly Word[] ChineseDomains =
    [
        new("航天", "Hangtian", "Aerospace"), new("航空", "Hangkong", "Aviation"), new("电子", "Dianzi", "Electronics"),
        new("精密", "Jingmi", "Precision"), new("重工", "Zhonggong", "Heavy Industries"), new("科技", "Keji", "Technology"),
        new("船舶", "Chuanbo", "Shipbuilding"), new("光学", "Guangxue", "Optics"), new("光电", "Guangdian", "Optoelectronics"),
        new("机械", "Jixie", "Machinery"), new("材料", "Cailiao", "Materials"), new("化工", "Huagong", "Chemical"),
        new("通信", "Tongxin", "Communications"), new("仪器", "Yiqi", "Instruments"), new("动力", "Dongli", "Power"),
        new("能源", "Nengyuan", "Energy"), new("半导体", "Bandaoti", "Semiconductor"), new("信息", "Xinxi", "Information"),
        new("软件", "Ruanjian", "Software"), new("微电子", "Weidianzi", "Microelectronics"), new("激光", "Jiguang", "Laser"),
        new("导航", "Daohang", "Navigation"), new("雷达", "Leida", "Radar"), new("机器人", "Jiqiren", "Robotics"),
        new("核", "He", "Nuclear"), new("装备", "Zhuangbei", "Equipment"), new("智能", "Zhineng", "Intelligent"),
        new("无人机", "Wurenji", "Drone"), new("国际", "Guoji", "International"), new("工程", "Gongcheng", "Engineering"),
        new("物理", "Wuli", "Physics"), new("数控", "Shukong", "Numerical Control"),
    ];

    public static readonly LegalForm[] ChineseLegalForms =
    [
        new("Co., Ltd.", "有限公司", "Youxian Gongsi"),
        new("Company Limited", "有限公司", "Youxian Gongsi"),
        new("Co., Ltd.", "股份有限公司", "Gufen Youxian Gongsi"),
        new("Corporation Limited", "股份有限公司", "Gufen Youxian Gongsi"),
        new("Limited Liability Company", "有限责任公司", "Youxian Zeren Gongsi"),
        new("Group Co., Ltd.", "集团有限公司", "Jituan Youxian Gongsi"),
        new("Corporation", "公司", "Gongsi"),
    ];

    // ---------------------------------------------------------------- Japanese (JP)

    /// <summary>Japanese surnames and places used as trade names: kanji, Hepburn with macrons, English, -, katakana.</summary>
    public static readonly Word[] JapaneseBrands =
    [
        new("田中", "Tanaka", "Tanaka", null, "タナカ"), new("山本", "Yamamoto", "Yamamoto", null, "ヤマモト"),
        new("佐藤", "Satō", "Sato", null, "サトウ"), new("鈴木", "Suzuki", "Suzuki", null, "スズキ"),
        new("高橋", "Takahashi", "Takahashi", null, "タカハシ"), new("伊藤", "Itō", "Ito", null, "イトウ"),
        new("渡辺", "Watanabe", "Watanabe", null, "ワタナベ"), new("中村", "Nakamura", "Nakamura", null, "ナカムラ"),
        new("小林", "Kobayashi", "Kobayashi", null, "コバヤシ"), new("加藤", "Katō", "Kato", null, "カトウ"),
        new("吉田", "Yoshida", "Yoshida", null, "ヨシダ"), new("山田", "Yamada", "Yamada", null, "ヤマダ"),
        new("佐々木", "Sasaki", "Sasaki", null, "ササキ"), new("山口", "Yamaguchi", "Yamaguchi", null, "ヤマグチ"),
        new("松本", "Matsumoto", "Matsumoto", null, "マツモト"), new("井上", "Inoue", "Inoue", null, "イノウエ"),
        new("木村", "Kimura", "Kimura", null, "キムラ"), new("清水", "Shimizu", "Shimizu", null, "シミズ"),
        new("斎藤", "Saitō", "Saito", null, "サイトウ"), new("大野", "Ōno", "Ono", null, "オオノ"),
        new("大塚", "Ōtsuka", "Otsuka", null, "オオツカ"), new("石川", "Ishikawa", "Ishikawa", null, "イシカワ"),
        new("前田", "Maeda", "Maeda", null, "マエダ"), new("藤田", "Fujita", "Fujita", null, "フジタ"),
        new("岡田", "Okada", "Okada", null, "オカダ"), new("後藤", "Gotō", "Goto", null, "ゴトウ"),
        new("長谷川", "Hasegawa", "Hasegawa", null, "ハセガワ"), new("村上", "Murakami", "Murakami", null, "ムラカミ"),
        new("近藤", "Kondō", "Kondo", null, "コンドウ"), new("坂本", "Sakamoto", "Sakamoto", null, "サカモト"),
        new("遠藤", "Endō", "Endo", null, "エンドウ"), new("青木", "Aoki", "Aoki", null, "アオキ"),
        new("西村", "Nishimura", "Nishimura", null, "ニシムラ"), new("福田", "Fukuda", "Fukuda", null, "フクダ"),
        new("太田", "Ōta", "Ota", null, "オオタ"), new("三浦", "Miura", "Miura", null, "ミウラ"),
        new("岡本", "Okamoto", "Okamoto", null, "オカモト"), new("松田", "Matsuda", "Matsuda", null, "マツダ"),
        new("中川", "Nakagawa", "Nakagawa", null, "ナカガワ"), new("東京", "Tōkyō", "Tokyo", null, "トウキョウ"),
        new("大阪", "Ōsaka", "Osaka", null, "オオサカ"), new("横浜", "Yokohama", "Yokohama", null, "ヨコハマ"),
        new("名古屋", "Nagoya", "Nagoya", null, "ナゴヤ"), new("神戸", "Kōbe", "Kobe", null, "コウベ"),
        new("京都", "Kyōto", "Kyoto", null, "キョウト"), new("広島", "Hiroshima", "Hiroshima", null, "ヒロシマ"),
        new("北海道", "Hokkaidō", "Hokkaido", null, "ホッカイドウ"), new("九州", "Kyūshū", "Kyushu", null, "キュウシュウ"),
        new("東洋", "Tōyō", "Toyo", null, "トウヨウ"), new("日本", "Nippon", "Nippon", null, "ニッポン"),
        new("三協", "Sankyō", "Sankyo", null, "サンキョウ"), new("富士", "Fuji", "Fuji", null, "フジ"),
        new("大和", "Yamato", "Yamato", null, "ヤマト"), new("昭和", "Shōwa", "Showa", null, "ショウワ"),
        new("大同", "Daidō", "Daido", null, "ダイドウ"), new("中央", "Chūō", "Chuo", null, "チュウオウ"),
        new("北陸", "Hokuriku", "Hokuriku", null, "ホクリク"), new("東北", "Tōhoku", "Tohoku", null, "トウホク"),
        new("関西", "Kansai", "Kansai", null, "カンサイ"), new("中部", "Chūbu", "Chubu", null, "チュウブ"),
        new("四国", "Shikoku", "Shikoku", null, "シコク"), new("相模", "Sagami", "Sagami", null, "サガミ"),
        new("静岡", "Shizuoka", "Shizuoka", null, "シズオカ"), new("新潟", "Niigata", "Niigata", null, "ニイガタ"),
        new("岡山", "Okayama", "Okayama", null, "オカヤマ"),
    ];

    /// <summary>
    /// Kanji read in on'yomi that Japanese trade names combine two at a time (大興, 日栄, 光和…): kanji, Hepburn,
    /// -, -, katakana. Readings are distinct so that two compounds never share a romanization.
    /// </summary>
    public static readonly Word[] JapaneseBrandKanji =
    [
        new("大", "Dai", "Dai", null, "ダイ"), new("新", "Shin", "Shin", null, "シン"), new("日", "Nichi", "Nichi", null, "ニチ"),
        new("東", "Tō", "To", null, "トウ"), new("西", "Sei", "Sei", null, "セイ"), new("南", "Nan", "Nan", null, "ナン"),
        new("北", "Hoku", "Hoku", null, "ホク"), new("中", "Chū", "Chu", null, "チュウ"), new("三", "San", "San", null, "サン"),
        new("光", "Kō", "Ko", null, "コウ"), new("栄", "Ei", "Ei", null, "エイ"), new("和", "Wa", "Wa", null, "ワ"),
        new("協", "Kyō", "Kyo", null, "キョウ"), new("明", "Mei", "Mei", null, "メイ"), new("昭", "Shō", "Sho", null, "ショウ"),
        new("富", "Fu", "Fu", null, "フ"), new("太", "Tai", "Tai", null, "タイ"), new("平", "Hei", "Hei", null, "ヘイ"),
        new("国", "Koku", "Koku", null, "コク"), new("洋", "Yō", "Yo", null, "ヨウ"), new("千", "Sen", "Sen", null, "セン"),
        new("金", "Kin", "Kin", null, "キン"), new("銀", "Gin", "Gin", null, "ギン"),
        new("電", "Den", "Den", null, "デン"), new("化", "Ka", "Ka", null, "カ"), new("特", "Toku", "Toku", null, "トク"),
        new("理", "Ri", "Ri", null, "リ"), new("万", "Man", "Man", null, "マン"),
    ];

    /// <summary>Japanese company words: kanji, Hepburn with macrons, English, -, katakana.</summary>
    public static readonly Word[] JapaneseDomains =
    [
        new("重工業", "Jūkōgyō", "Heavy Industries", null, "ジュウコウギョウ"),
        new("電機", "Denki", "Electric", null, "デンキ"),
        new("製作所", "Seisakusho", "Works", null, "セイサクショ"),
        new("工業", "Kōgyō", "Industries", null, "コウギョウ"),
        new("精密", "Seimitsu", "Precision", null, "セイミツ"),
        new("光学", "Kōgaku", "Optical", null, "コウガク"),
        new("航空", "Kōkū", "Aviation", null, "コウクウ"),
        new("電子", "Denshi", "Electronics", null, "デンシ"),
        new("通信", "Tsūshin", "Communications", null, "ツウシン"),
        new("化学", "Kagaku", "Chemical", null, "カガク"),
        new("造船", "Zōsen", "Shipbuilding", null, "ゾウセン"),
        new("商事", "Shōji", "Trading", null, "ショウジ"),
        new("製鋼所", "Seikōsho", "Steel Works", null, "セイコウショ"),
        new("機械", "Kikai", "Machinery", null, "キカイ"),
        new("金属", "Kinzoku", "Metals", null, "キンゾク"),
        new("計器", "Keiki", "Instruments", null, "ケイキ"),
        new("無線", "Musen", "Radio", null, "ムセン"),
        new("技術", "Gijutsu", "Technology", null, "ギジュツ"),
        new("電線", "Densen", "Cable", null, "デンセン"),
    ];

    public static readonly LegalForm[] JapaneseLegalForms =
    [
        new("Co., Ltd.", "株式会社", "K.K."),
        new("Corporation", "株式会社", "Kabushiki Kaisha"),
        new("Ltd.", "株式会社", "K.K."),
        new("Inc.", "株式会社", "Kabushiki Kaisha"),
        new("Co., Ltd.", "株式会社", "Kabushiki Kaisha", Prefix: true),
        new("Corporation", "株式会社", "K.K.", Prefix: true),
        new("Co., Ltd.", "有限会社", "Y.K."),
    ];

    // ---------------------------------------------------------------- Russian (RU, BY)

    /// <summary>First stems of Russian compound names (Cyrillic, English gloss unused).</summary>
    public static readonly string[] RussianFirstStems =
    [
        "Урал", "Сиб", "Волга", "Нева", "Кама", "Дон", "Енисей", "Амур", "Байкал", "Север", "Восток", "Юг", "Алмаз",
        "Звезда", "Кристалл", "Ростов", "Тула", "Омск", "Пермь", "Радио", "Электро", "Авиа", "Гидро", "Спец", "Тех",
        "Хим", "Энерго", "Вектор", "Импульс", "Горизонт", "Полюс", "Заря", "Исток", "Рубин", "Сапфир", "Фотон", "Квант",
        "Ижевск", "Мурманск", "Курган", "Чкалов", "Жуковск", "Щёлково", "Ярослав", "Чебоксар", "Екатерин",
        "Новосиб", "Красноярск", "Томск", "Самара", "Саратов", "Калуга", "Брянск", "Курск", "Орёл", "Смоленск", "Псков",
        "Тверь", "Рязань", "Вятка",
    ];

    public static readonly string[] RussianMiddleStems =
    [
        "электро", "авиа", "радио", "маш", "приб", "хим", "тех", "гидро", "спец", "энерго",
        "опто", "микро", "мото", "вагон", "сталь", "лазер", "ракет", "судо", "тяж", "нефте", "газ", "шина", "жел",
    ];

    public static readonly string[] RussianLastStems =
    [
        "завод", "маш", "прибор", "строй", "пром", "систем", "автоматика", "электроника", "оптика", "техника",
        "механика", "комплекс", "сервис", "связь", "ресурс", "сплав", "холдинг", "привод", "снаб", "импекс",
        "трейд", "монтаж", "тест", "инжиниринг", "химия", "металл", "навигация", "локация", "радар",
        "контроль", "энергия", "мотор", "авиа", "техно", "проект", "волна",
    ];

    /// <summary>Kinds of Russian organization: Cyrillic full, Cyrillic abbreviation, English.</summary>
    public static readonly (string Full, string Short, string English)[] RussianKinds =
    [
        ("Научно-производственное объединение", "НПО", "Research and Production Association"),
        ("Научно-производственное предприятие", "НПП", "Research and Production Enterprise"),
        ("Конструкторское бюро", "КБ", "Design Bureau"),
        ("Концерн", "Концерн", "Concern"),
        ("Корпорация", "Корпорация", "Corporation"),
        ("Завод", "Завод", "Plant"),
        ("Научно-исследовательский институт", "НИИ", "Research Institute"),
        ("Опытное конструкторское бюро", "ОКБ", "Experimental Design Bureau"),
        ("Торговый дом", "ТД", "Trading House"),
    ];

    public static readonly LegalForm[] RussianLegalForms =
    [
        new("JSC", "АО", "AO", Prefix: true),
        new("Joint Stock Company", "АО", "AO", Prefix: true),
        new("JSC", "АО", "AO"),
        new("PJSC", "ПАО", "PAO", Prefix: true),
        new("LLC", "ООО", "OOO", Prefix: true),
        new("Limited Liability Company", "ООО", "OOO", Prefix: true),
        new("OJSC", "ОАО", "OAO", Prefix: true),
        new("CJSC", "ЗАО", "ZAO", Prefix: true),
        new("FSUE", "ФГУП", "FGUP", Prefix: true),
    ];

    /// <summary>Surnames in the genitive (as in «имени Кузнецова») — the English uses the nominative.</summary>
    public static readonly string[] RussianSurnamesGenitive =
    [
        "Кузнецова", "Петрова", "Иванова", "Смирнова", "Соколова", "Попова", "Лебедева", "Козлова", "Новикова",
        "Морозова", "Волкова", "Соловьёва", "Васильева", "Зайцева", "Павлова", "Семёнова", "Голубева", "Виноградова",
        "Богданова", "Воробьёва", "Фёдорова", "Михайлова", "Беляева", "Тарасова", "Белова", "Комарова", "Орлова",
        "Киселёва", "Макарова", "Андреева", "Жукова", "Щербакова", "Чернова", "Яковлева", "Юдина", "Хруничева",
    ];

    // ---------------------------------------------------------------- Korean (KP, KR)

    /// <summary>Hangul syllables of trade names: Hangul, Revised Romanization, -, McCune-Reischauer (DPRK style, no breves).</summary>
    public static readonly Word[] KoreanSyllables =
    [
        new("련", "ryeon", "ryeon", "ryon"), new("봉", "bong", "bong", "bong"), new("남", "nam", "nam", "nam"),
        new("천", "cheon", "cheon", "chon"), new("강", "gang", "gang", "kang"), new("대", "dae", "dae", "tae"),
        new("성", "seong", "seong", "song"), new("진", "jin", "jin", "chin"), new("해", "hae", "hae", "hae"),
        new("금", "geum", "geum", "kum"), new("광", "gwang", "gwang", "kwang"), new("명", "myeong", "myeong", "myong"),
        new("화", "hwa", "hwa", "hwa"), new("룡", "ryong", "ryong", "ryong"), new("신", "sin", "sin", "sin"),
        new("동", "dong", "dong", "tong"), new("흥", "heung", "heung", "hung"), new("일", "il", "il", "il"),
        new("원", "won", "won", "won"), new("태", "tae", "tae", "thae"), new("한", "han", "han", "han"),
        new("미", "mi", "mi", "mi"), new("평", "pyeong", "pyeong", "phyong"), new("양", "yang", "yang", "yang"),
        new("철", "cheol", "cheol", "chol"), new("산", "san", "san", "san"), new("백", "baek", "baek", "paek"),
        new("두", "du", "du", "tu"), new("영", "yeong", "yeong", "yong"), new("현", "hyeon", "hyeon", "hyon"),
        new("수", "su", "su", "su"), new("보", "bo", "bo", "po"), new("은", "eun", "eun", "un"), new("하", "ha", "ha", "ha"),
        new("덕", "deok", "deok", "tok"), new("창", "chang", "chang", "chang"), new("석", "seok", "seok", "sok"),
        new("길", "gil", "gil", "kil"), new("경", "gyeong", "gyeong", "kyong"), new("민", "min", "min", "min"),
        new("국", "guk", "guk", "kuk"), new("세", "se", "se", "se"), new("호", "ho", "ho", "ho"), new("마", "ma", "ma", "ma"),
    ];

    /// <summary>Korean domain words: Hangul, RR, English, McCune-Reischauer.</summary>
    public static readonly Word[] KoreanDomains =
    [
        new("무역", "Muyeok", "Trading", "Muyok"), new("기계", "Gigye", "Machinery", "Kigye"),
        new("전자", "Jeonja", "Electronics", "Chonja"), new("항공", "Hanggong", "Aerospace", "Hanggong"),
        new("정밀", "Jeongmil", "Precision", "Chongmil"), new("중공업", "Junggongeop", "Heavy Industries", "Chunggongop"),
        new("광업", "Gwangeop", "Mining", "Kwangop"), new("화학", "Hwahak", "Chemical", "Hwahak"),
        new("기술", "Gisul", "Technology", "Kisul"), new("통신", "Tongsin", "Communications", "Thongsin"),
        new("해운", "Haeun", "Shipping", "Haeun"), new("선박", "Seonbak", "Marine", "Sonbak"),
        new("광학", "Gwanghak", "Optics", "Kwanghak"), new("제철", "Jecheol", "Steel", "Chechol"),
        new("금속", "Geumsok", "Metals", "Kumsok"), new("반도체", "Bandoche", "Semiconductor", "Pandoche"),
        new("설비", "Seolbi", "Equipment", "Solbi"), new("개발", "Gaebal", "Development", "Kaebal"),
    ];

    public static readonly Word Joseon = new("조선", "Joseon", "Korea", "Choson");

    /// <summary>DPRK organization kinds: Hangul, RR, English, MR.</summary>
    public static readonly Word[] KoreanKinds =
    [
        new("총회사", "Chonghoesa", "General Corporation", "Chonghoesa"),
        new("회사", "Hoesa", "Company", "Hoesa"),
        new("련합회사", "Ryeonhaphoesa", "Joint Venture Company", "Ryonhaphoesa"),
        new("그룹", "Geurup", "Group", "Kurup"),
        new("총국", "Chongguk", "General Bureau", "Chongguk"),
    ];

    public static readonly LegalForm[] KoreanLegalForms =
    [
        new("Co., Ltd.", "주식회사", "Jusikhoesa"),
        new("Corporation", "주식회사", "Jusikhoesa"),
        new("Co., Ltd.", "(주)", "Jusikhoesa", Prefix: true),
        new("Inc.", "주식회사", "Jusikhoesa", Prefix: true),
        new("Corp.", "주식회사", "Jusikhoesa"),
    ];

    // ---------------------------------------------------------------- Persian (IR)

    /// <summary>Persian trade names and places: Persian, transcription, English, another transcription.</summary>
    public static readonly Word[] PersianBrands =
    [
        new("تهران", "Tehran", "Tehran", "Teheran"), new("اصفهان", "Esfahan", "Isfahan", "Isfahan"),
        new("شیراز", "Shiraz", "Shiraz", "Shiraz"), new("تبریز", "Tabriz", "Tabriz", "Tebriz"),
        new("مشهد", "Mashhad", "Mashhad", "Mashad"), new("پارس", "Pars", "Pars", "Paars"),
        new("البرز", "Alborz", "Alborz", "Elburz"), new("کاوه", "Kaveh", "Kaveh", "Kaveh"),
        new("آریا", "Arya", "Arya", "Aria"), new("سپهر", "Sepehr", "Sepehr", "Sepehar"),
        new("نور", "Nur", "Noor", "Nour"), new("سینا", "Sina", "Sina", "Seena"),
        new("زاگرس", "Zagros", "Zagros", "Zagross"), new("دماوند", "Damavand", "Damavand", "Demavend"),
        new("کوثر", "Kowsar", "Kowsar", "Kosar"), new("فجر", "Fajr", "Fajr", "Fadjr"),
        new("صدرا", "Sadra", "Sadra", "Sadraa"), new("آسمان", "Aseman", "Aseman", "Asman"),
        new("رعد", "Ra'd", "Raad", "Rad"), new("مهر", "Mehr", "Mehr", "Mehar"),
        new("کیان", "Kian", "Kian", "Kiyan"), new("هما", "Homa", "Homa", "Huma"),
        new("ستاره", "Setareh", "Setareh", "Setare"), new("قدس", "Qods", "Qods", "Ghods"),
        new("خاتم", "Khatam", "Khatam", "Khatem"), new("کرمان", "Kerman", "Kerman", "Kirman"),
        new("یزد", "Yazd", "Yazd", "Yezd"), new("اهواز", "Ahvaz", "Ahvaz", "Ahwaz"),
        new("شهاب", "Shahab", "Shahab", "Shahaab"), new("ثامن", "Samen", "Samen", "Thamen"),
    ];

    /// <summary>Martyrs' names used by Iranian industrial groups: Persian, transcription, English, another spelling.</summary>
    public static readonly Word[] PersianSurnames =
    [
        new("همت", "Hemmat", "Hemmat", "Hemat"), new("باقری", "Bagheri", "Bagheri", "Baqeri"),
        new("کریمی", "Karimi", "Karimi", "Karimy"), new("رضایی", "Rezaei", "Rezaei", "Rezai"),
        new("حسینی", "Hosseini", "Hosseini", "Husseini"), new("احمدی", "Ahmadi", "Ahmadi", "Ahmady"),
        new("موسوی", "Mousavi", "Mousavi", "Musavi"), new("شوشتری", "Shushtari", "Shushtari", "Shooshtari"),
        new("کلاهدوز", "Kolahdouz", "Kolahdouz", "Kolahduz"), new("ستاری", "Sattari", "Sattari", "Satari"),
        new("بابایی", "Babaei", "Babaei", "Babai"), new("صیاد", "Sayyad", "Sayyad", "Sayad"),
        new("اخوان", "Akhavan", "Akhavan", "Akhawan"), new("چمران", "Chamran", "Chamran", "Tchamran"),
        new("شفیع‌زاده", "Shafizadeh", "Shafizadeh", "Shafi Zadeh"), new("طهرانی", "Tehrani", "Tehrani", "Tahrani"),
    ];

    /// <summary>Qualifiers of Iranian trade names (نوین "modern", پیشرو "pioneer"…): Persian, transcription, English, another transcription.</summary>
    public static readonly Word[] PersianQualifiers =
    [
        new("نوین", "Novin", "Novin", "Nowin"), new("پیشرو", "Pishro", "Pishro", "Pishrow"), new("آینده", "Ayandeh", "Ayandeh", "Ayande"),
        new("ایمن", "Imen", "Imen", "Iman"), new("برتر", "Bartar", "Bartar", "Bartar"), new("پایا", "Paya", "Paya", "Paaya"),
        new("رایان", "Rayan", "Rayan", "Raayan"), new("سامان", "Saman", "Saman", "Samaan"),
    ];

    /// <summary>Persian domain words: Persian, transcription, English.</summary>
    public static readonly Word[] PersianDomains =
    [
        new("الکترونیک", "Elektronik", "Electronics"), new("هوایی", "Havaei", "Aviation"),
        new("هوافضا", "Havafaza", "Aerospace"), new("دریایی", "Daryaei", "Marine"),
        new("موشکی", "Mushaki", "Missile"), new("مهندسی", "Mohandesi", "Engineering"),
        new("فناوری", "Fanavari", "Technology"), new("شیمیایی", "Shimiyaei", "Chemical"),
        new("مخابرات", "Mokhaberat", "Telecommunications"), new("اپتیک", "Optik", "Optics"),
        new("مکانیک", "Mekanik", "Mechanical"), new("پتروشیمی", "Petroshimi", "Petrochemical"),
        new("ساختمانی", "Sakhtemani", "Construction"), new("فلزی", "Felezi", "Metal"),
        new("بازرگانی", "Bazargani", "Trading"), new("کشتی‌سازی", "Keshtisazi", "Shipbuilding"),
    ];

    // ---------------------------------------------------------------- Arabic (AE)

    /// <summary>Arabic trade names: Arabic, transcription, English, another transcription.</summary>
    public static readonly Word[] ArabicBrands =
    [
        new("النور", "Al Noor", "Al Noor", "Al-Nur"), new("الصفا", "Al Safa", "Al Safa", "Al-Safaa"),
        new("الخليج", "Al Khaleej", "Gulf", "Al-Khalij"), new("الإمارات", "Al Emarat", "Emirates", "Al-Imarat"),
        new("المنار", "Al Manar", "Al Manar", "El Manar"), new("البركة", "Al Baraka", "Al Baraka", "Al-Barakah"),
        new("الواحة", "Al Waha", "Oasis", "Al-Wahah"), new("الزهراء", "Al Zahra", "Al Zahra", "Az-Zahraa"),
        new("الهلال", "Al Hilal", "Crescent", "Al-Helal"), new("اللؤلؤة", "Al Lulu", "Pearl", "Al-Lu'lu'a"),
        new("الأفق", "Al Ufuq", "Horizon", "Al-Ofok"), new("الصقر", "Al Saqr", "Falcon", "As-Saqr"),
        new("الريان", "Al Rayyan", "Al Rayyan", "Ar-Rayan"), new("الفجر", "Al Fajr", "Al Fajr", "El Fagr"),
        new("النخيل", "Al Nakheel", "Palm", "An-Nakhil"), new("الشروق", "Al Shorouk", "Al Shorouk", "Ash-Shuruq"),
        new("الجزيرة", "Al Jazeera", "Al Jazeera", "Al-Jazirah"), new("السلام", "Al Salam", "Al Salam", "As-Salaam"),
        new("الأمل", "Al Amal", "Al Amal", "Al-Amel"), new("الرشيد", "Al Rasheed", "Al Rasheed", "Ar-Rashid"),
    ];

    /// <summary>Emirati family names: Arabic, transcription, English, another transcription.</summary>
    public static readonly Word[] ArabicSurnames =
    [
        new("المنصوري", "Al Mansouri", "Al Mansouri", "Al-Mansoori"), new("النعيمي", "Al Nuaimi", "Al Nuaimi", "Al-Nuaimy"),
        new("الشامسي", "Al Shamsi", "Al Shamsi", "Al-Shamsy"), new("المزروعي", "Al Mazrouei", "Al Mazrouei", "Al-Mazroui"),
        new("السويدي", "Al Suwaidi", "Al Suwaidi", "Al-Suwaidy"), new("الهاشمي", "Al Hashimi", "Al Hashimi", "Al-Hashemi"),
        new("القاسمي", "Al Qasimi", "Al Qasimi", "Al-Qassimi"), new("الكتبي", "Al Ketbi", "Al Ketbi", "Al-Kitbi"),
        new("الظاهري", "Al Dhaheri", "Al Dhaheri", "Al-Zahiri"), new("الفلاسي", "Al Falasi", "Al Falasi", "Al-Falasy"),
        new("المري", "Al Marri", "Al Marri", "Al-Mari"), new("الكعبي", "Al Kaabi", "Al Kaabi", "Al-Kabi"),
        new("الزعابي", "Al Zaabi", "Al Zaabi", "Al-Zabi"), new("الحمادي", "Al Hammadi", "Al Hammadi", "Al-Hamadi"),
        new("المهيري", "Al Mheiri", "Al Mheiri", "Al-Muhairi"), new("البلوشي", "Al Balushi", "Al Balushi", "Al-Baloushi"),
        new("الغرير", "Al Ghurair", "Al Ghurair", "Al-Ghureir"), new("العويس", "Al Owais", "Al Owais", "Al-Uwais"),
    ];

    public static readonly Word[] ArabicDomains =
    [
        new("للتجارة", "Lil Tijara", "Trading"), new("للإلكترونيات", "Lil Iliktruniyat", "Electronics"),
        new("للتكنولوجيا", "Lil Teknolojia", "Technology"), new("للمعدات", "Lil Muaddat", "Equipment"),
        new("للشحن", "Lil Shahn", "Shipping"), new("للطيران", "Lil Tayaran", "Aviation"),
        new("للهندسة", "Lil Handasa", "Engineering"), new("للصناعات", "Lil Sinaat", "Industries"),
        new("للخدمات البحرية", "Lil Khadamat Al Bahriya", "Marine Services"), new("للاستثمار", "Lil Istithmar", "Investment"),
    ];

    public static readonly LegalForm[] ArabicLegalForms =
    [
        new("LLC", "ذ.م.م", "Dh.M.M"),
        new("L.L.C.", "ذ.م.م", "Dh.M.M"),
        new("FZE", "م.م.ح", "M.M.H"),
        new("FZCO", "م.م.ح", "M.M.H"),
    ];

    // ---------------------------------------------------------------- English (US, GB, IN)

    public static readonly string[] EnglishBrands =
    [
        "Apex", "Summit", "Pinnacle", "Liberty", "Eagle", "Frontier", "Atlas", "Vector", "Orion", "Titan", "Sierra",
        "Patriot", "Horizon", "Keystone", "Meridian", "Granite", "Redstone", "Bluewater", "Ironwood", "Northstar",
        "Silverline", "Crestview", "Trident", "Sentinel", "Vanguard", "Paragon", "Zenith", "Quantum", "Aegis",
        "Cobalt", "Corvus", "Halcyon", "Lynx", "Mariner", "Nimbus", "Obsidian", "Polaris", "Raptor", "Stratus",
        "Tempest", "Valkyrie", "Westbrook", "Anderson", "Baker", "Carter", "Dawson", "Ellis", "Foster", "Garrett",
        "Hayes", "Jennings", "Keller", "Lawson", "Mitchell", "Norris", "Parker", "Reynolds", "Sullivan", "Thornton",
        "Whitaker", "Bradford", "Chandler", "Donovan", "Fletcher", "Harrington", "Kensington", "Lancaster", "Prescott",
        "Ashford", "Brighton", "Coventry", "Ashdown", "Bancroft", "Cromwell", "Mehta", "Sharma", "Reddy", "Kapoor",
        "Iyer", "Bharat", "Kaveri", "Narmada", "Sahyadri", "Vindhya",
    ];

    public static readonly string[] EnglishModifiers =
    [
        "Advanced", "Applied", "Integrated", "Global", "International", "American", "United",
        "National", "General", "Technical", "Allied", "Strategic", "Pacific", "Atlantic", "Continental",
    ];

    public static readonly string[] EnglishDomains =
    [
        "Aerospace", "Electronics", "Precision", "Technologies", "Systems", "Dynamics", "Industries", "Defense", "Labs",
        "Optics", "Photonics", "Microwave", "Avionics", "Logistics", "Solutions", "Engineering", "Manufacturing",
        "Materials", "Robotics", "Semiconductor", "Communications", "Instruments", "Controls", "Machining",
        "Composites", "Research", "Sciences", "Trading", "Shipping", "Metals", "Power", "Sensors",
    ];

    public static readonly string[] UsLegalForms = ["Inc.", "LLC", "Corp.", "Corporation", "Co.", "Company", "Incorporated", "L.P."];
    public static readonly string[] GbLegalForms = ["Ltd", "Limited", "PLC", "LLP", "Ltd."];
    public static readonly string[] InLegalForms = ["Pvt. Ltd.", "Private Limited", "Limited", "Ltd."];

    // ---------------------------------------------------------------- German (DE)

    /// <summary>German surnames and places: German, -, -, umlaut-free spelling.</summary>
    public static readonly Word[] GermanBrands =
    [
        new("Müller", "Müller", "Müller", "Mueller"), new("Schmidt", "Schmidt", "Schmidt"), new("Schneider", "Schneider", "Schneider"),
        new("Fischer", "Fischer", "Fischer"), new("Weber", "Weber", "Weber"), new("Meyer", "Meyer", "Meyer"),
        new("Wagner", "Wagner", "Wagner"), new("Becker", "Becker", "Becker"), new("Schulz", "Schulz", "Schulz"),
        new("Hoffmann", "Hoffmann", "Hoffmann"), new("Koch", "Koch", "Koch"), new("Richter", "Richter", "Richter"),
        new("Klein", "Klein", "Klein"), new("Wolf", "Wolf", "Wolf"), new("Schröder", "Schröder", "Schröder", "Schroeder"),
        new("Neumann", "Neumann", "Neumann"), new("Schwarz", "Schwarz", "Schwarz"), new("Zimmermann", "Zimmermann", "Zimmermann"),
        new("Braun", "Braun", "Braun"), new("Krüger", "Krüger", "Krüger", "Krueger"), new("Hartmann", "Hartmann", "Hartmann"),
        new("Lange", "Lange", "Lange"), new("Köhler", "Köhler", "Köhler", "Koehler"), new("Jäger", "Jäger", "Jäger", "Jaeger"),
        new("Günther", "Günther", "Günther", "Guenther"), new("Möller", "Möller", "Möller", "Moeller"),
        new("Großmann", "Großmann", "Großmann", "Grossmann"), new("Weiß", "Weiß", "Weiß", "Weiss"),
        new("Bayern", "Bayern", "Bavaria"), new("Rhein", "Rhein", "Rhine"), new("Elbe", "Elbe", "Elbe"),
        new("Hansa", "Hansa", "Hansa"), new("Nordland", "Nordland", "Nordland"), new("Süddeutsche", "Süddeutsche", "South German", "Sueddeutsche"),
        new("Schwaben", "Schwaben", "Swabia"), new("Thüringer", "Thüringer", "Thuringian", "Thueringer"),
        new("Sachsen", "Sachsen", "Saxony"), new("Ruhr", "Ruhr", "Ruhr"), new("Main", "Main", "Main"), new("Harz", "Harz", "Harz"),
    ];

    /// <summary>German domain words: German, -, English.</summary>
    public static readonly Word[] GermanDomains =
    [
        new("Feinmechanik", "Feinmechanik", "Precision Mechanics"), new("Optik", "Optik", "Optics"),
        new("Elektronik", "Elektronik", "Electronics"), new("Maschinenbau", "Maschinenbau", "Mechanical Engineering"),
        new("Luftfahrttechnik", "Luftfahrttechnik", "Aviation Technology"), new("Werkzeugbau", "Werkzeugbau", "Toolmaking"),
        new("Antriebstechnik", "Antriebstechnik", "Drive Technology"), new("Wehrtechnik", "Wehrtechnik", "Defence Technology"),
        new("Sensorik", "Sensorik", "Sensors"), new("Präzisionstechnik", "Präzisionstechnik", "Precision Engineering", "Praezisionstechnik"),
        new("Hydraulik", "Hydraulik", "Hydraulics"), new("Lasertechnik", "Lasertechnik", "Laser Technology"),
        new("Metallverarbeitung", "Metallverarbeitung", "Metalworking"), new("Systemtechnik", "Systemtechnik", "Systems Engineering"),
        new("Anlagenbau", "Anlagenbau", "Plant Engineering"), new("Gießerei", "Gießerei", "Foundry", "Giesserei"),
        new("Verbundwerkstoffe", "Verbundwerkstoffe", "Composites"), new("Nachrichtentechnik", "Nachrichtentechnik", "Communications Engineering"),
    ];

    public static readonly string[] GermanLegalForms = ["GmbH", "AG", "GmbH & Co. KG", "SE", "KG", "GmbH"];

    // ---------------------------------------------------------------- Turkish (TR)

    /// <summary>Turkish trade names: Turkish, -, -, ASCII spelling.</summary>
    public static readonly Word[] TurkishBrands =
    [
        new("Anadolu", "Anadolu", "Anadolu"), new("Ege", "Ege", "Ege"), new("Marmara", "Marmara", "Marmara"),
        new("Karadeniz", "Karadeniz", "Karadeniz"), new("Toros", "Toros", "Toros"), new("Kuzey", "Kuzey", "Kuzey"),
        new("Doğu", "Doğu", "Doğu", "Dogu"), new("Yıldız", "Yıldız", "Yıldız", "Yildiz"), new("Işık", "Işık", "Işık", "Isik"),
        new("Çelik", "Çelik", "Çelik", "Celik"), new("Güneş", "Güneş", "Güneş", "Gunes"), new("Özgür", "Özgür", "Özgür", "Ozgur"),
        new("Kartal", "Kartal", "Kartal"), new("Şahin", "Şahin", "Şahin", "Sahin"), new("Ufuk", "Ufuk", "Ufuk"),
        new("Deniz", "Deniz", "Deniz"), new("Ilgaz", "Ilgaz", "Ilgaz"), new("Erciyes", "Erciyes", "Erciyes"),
        new("Uludağ", "Uludağ", "Uludağ", "Uludag"), new("Akdeniz", "Akdeniz", "Akdeniz"),
    ];

    public static readonly Word[] TurkishDomains =
    [
        new("Savunma", "Savunma", "Defense"), new("Havacılık", "Havacılık", "Aviation", "Havacilik"),
        new("Elektronik", "Elektronik", "Electronics"), new("Makina", "Makina", "Machinery"),
        new("Teknoloji", "Teknoloji", "Technology"), new("Mühendislik", "Mühendislik", "Engineering", "Muhendislik"),
        new("Otomotiv", "Otomotiv", "Automotive"), new("Kimya", "Kimya", "Chemicals"), new("Optik", "Optik", "Optics"),
        new("Yazılım", "Yazılım", "Software", "Yazilim"), new("Dış Ticaret", "Dış Ticaret", "Foreign Trade", "Dis Ticaret"),
    ];

    public static readonly string[] TurkishLegalForms = ["A.Ş.", "Ltd. Şti.", "A.Ş."];

    // ---------------------------------------------------------------- abbreviations and negatives

    /// <summary>Word → abbreviations lists print (the issue's: Intl, Corp, Tech, Inst, Sci, Mfg, Ind, Assn, &amp;).</summary>
    public static readonly (string Word, string[] Short)[] Abbreviations =
    [
        ("Technology", ["Tech", "Tech."]), ("Technologies", ["Tech", "Techs"]), ("International", ["Intl", "Int'l", "Intl."]),
        ("Institute", ["Inst", "Inst."]), ("Corporation", ["Corp", "Corp."]), ("Company", ["Co", "Co."]),
        ("Manufacturing", ["Mfg", "Mfg."]), ("Industries", ["Ind", "Inds", "Ind."]), ("Industrial", ["Indl", "Ind."]),
        ("Science", ["Sci", "Sci."]), ("Sciences", ["Sci", "Scis"]), ("Association", ["Assn", "Assoc."]),
        ("and", ["&"]), ("Engineering", ["Eng", "Engg"]), ("Research", ["Res", "Res."]), ("University", ["Univ", "Univ."]),
        ("Academy", ["Acad", "Acad."]), ("Laboratory", ["Lab"]), ("Laboratories", ["Labs"]), ("Systems", ["Sys"]),
        ("Equipment", ["Equip"]), ("Electronics", ["Elec", "Electr."]), ("Communications", ["Comms", "Commun."]),
        ("Development", ["Dev", "Devt"]), ("Heavy", ["Hvy"]), ("Electric", ["Elec"]), ("Limited", ["Ltd"]),
        ("Aviation", ["Avn"]), ("Instruments", ["Instr"]), ("General", ["Gen", "Gen."]), ("Machinery", ["Mach"]),
        ("Precision", ["Prec"]), ("Production", ["Prod"]), ("Trading", ["Trdg"]), ("Sanayi", ["San."]), ("Ticaret", ["Tic."]),
    ];

    /// <summary>Distinctive words inserted into a real name to make a hard negative (a different organization).</summary>
    public static readonly string[] InsertedWords =
    [
        "Fashion", "Agricultural", "Medical", "Textile", "Culinary", "Forestry", "Pharmaceutical", "Dental", "Veterinary",
        "Petroleum", "Railway", "Printing", "Tobacco", "Brewing", "Furniture", "Ceramics", "Paper", "Sports",
        "Music", "Film", "Tourism", "Insurance", "Fisheries", "Cosmetics",
    ];
}
