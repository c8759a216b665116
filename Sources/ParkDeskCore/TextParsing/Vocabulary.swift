/// What a known word means to the parsers. One word may mean several things (猪场: farmland, used for 养殖).
enum Term: Sendable, Equatable {
    case kind(ListingKind)
    /// 土地, 用地, 地块: land, industrial unless a more specific word says otherwise.
    case genericLand
    case deal(DealType)
    case feature(String)
    /// A feature that owns the area written after it (带办公楼 200平 is not the factory's area).
    case facility(String)
    case standalone, singleStorey, multiStorey
    case storeys(Int)
    case owner(OwnerType)
    case crane, clearHeight, floorLoad, power, plotRatio, tenure, divisible
    case landNature(LandNature)
    case titleStatus(TitleStatus)
    case fireRating(FireRating)
    case farmUse(String)
    case water
    case pricePrefix(PricePeriod?)
    /// 售价, 总价: the money after it is a total.
    case totalPrefix
    case per(Per)
    case negotiable
    case place(PlaceNames.Place)
    /// 第, 位于: the storey number after it is the unit's floor.
    case floorMarker
    /// 共, 总共: the storey number after it is the building's storeys.
    case storeysMarker
    case boundBefore(Bound)
    /// 以上, 以下 apart from their number (15元/㎡以下): the figure before is bounded.
    case boundAfter(Bound)
    case tax, perMuTax, investment, budget
    /// 做, 从事, 用途: the words after it (to 的) are the use.
    case useMarker
    case contactMarker
    case companySuffix
    /// 占地, 土地面积: the area after it is the land's.
    case landAreaMarker
    /// Words that carry no field: 的, 欢迎来电, 湖南省 …
    case filler
}

enum PricePeriod: Sendable, Equatable { case day, month, year }

/// `/平`, `每亩`, `一个月`: what a price is per.
enum Per: Sendable, Equatable { case m2, mu, day, month, year }

/// How a number is bounded: `3000平以上`, `约3000平`, `3000到5000平`, `500平起`.
enum Bound: Sendable, Equatable { case exact, approx, atLeast, atMost, range, from }

/// The words the parsers know, in one table: add a word by adding it to a line (or a line for a new meaning).
/// Longer words win over their prefixes (集体建设用地 over 集体), so order does not matter.
enum Vocabulary {
    static let entries: [([String], [Term])] = [
        (["厂房", "车间", "标准厂房", "钢结构厂房", "钢构厂房", "工业厂房", "生产厂房", "生产车间", "标准化厂房", "厂区", "工厂"], [.kind(.factory)]),
        (["仓库", "库房", "冷库", "仓储", "物流仓", "货仓", "恒温库", "仓储库"], [.kind(.warehouse)]),
        (["甲类仓库"], [.kind(.warehouse), .fireRating(.a)]),
        (["办公", "写字楼", "办公楼", "办公室", "写字间", "办公用房"], [.kind(.office)]),
        (["工业用地", "工业土地", "工业地", "工业地块", "工业地皮"], [.kind(.industrialLand)]),
        (["商业用地", "商服用地", "商业地块"], [.kind(.commercialLand)]),
        (["集体建设用地", "集体经营性建设用地", "集体工业用地"], [.kind(.collectiveLand)]),
        (
            ["农用地", "农庄", "养殖用地", "土地流转", "农田", "耕地", "林地", "山地", "鱼塘", "果园", "农场", "农业用地", "设施农用地", "流转"],
            [.kind(.farmland)]
        ),
        (["猪场", "养猪场", "养殖场", "养殖基地", "养鸡场", "牛场"], [.kind(.farmland), .farmUse("养殖")]),
        (["土地", "用地", "地块", "地皮", "块地", "找地", "拿地"], [.genericLand]),
        (["买地", "购地"], [.genericLand, .deal(.sale)]),
        (["湖南", "湖南省"], [.place(.province)]),
        (["国有土地", "国有用地"], [.genericLand, .landNature(.state)]),
        (["集体土地"], [.landNature(.collective)]),

        (["出租", "招租", "租", "租赁", "转租", "放租", "急租", "求租", "对外出租", "分租"], [.deal(.rent)]),
        (["出售", "售", "卖", "急售", "转卖", "出卖", "求购", "购买", "买", "收购"], [.deal(.sale)]),
        (["转让", "整体转让", "急转", "受让"], [.deal(.transfer)]),
        (["出让", "挂牌出让"], [.deal(.sale)]),

        (["重工"], [.feature("重工")]),
        (["独门独院", "独院", "独立院落"], [.feature("独门独院")]),
        (["可环评", "能环评", "可做环评", "环评可办"], [.feature("可环评")]),
        (["有环评", "环评齐全"], [.feature("有环评")]),
        (["可办证", "能办证"], [.feature("可办证")]),
        (["大车进出", "大车可进", "可进大车", "大车方便", "货车进出", "大车可以进"], [.feature("大车进出")]),
        (["带办公楼", "有办公楼", "配套办公楼", "含办公楼", "配办公楼", "带办公室", "配套办公"], [.facility("带办公楼")]),
        (["宿舍", "带宿舍", "有宿舍", "员工宿舍", "配套宿舍"], [.facility("带宿舍")]),
        (["食堂", "带食堂", "有食堂"], [.facility("带食堂")]),
        (["水电齐全", "水电到位", "水电配套"], [.feature("水电齐全")]),
        (["三通一平"], [.feature("三通一平")]),
        (["五通一平"], [.feature("五通一平")]),
        (["七通一平"], [.feature("七通一平")]),
        (["证件齐全", "手续齐全", "证照齐全"], [.feature("证件齐全")]),
        (["交通便利", "交通方便", "近高速", "靠近高速", "高速口"], [.feature("交通便利")]),
        (["停车方便", "停车场"], [.feature("停车方便")]),
        (["消防验收", "消防已验收", "消防达标"], [.feature("消防验收")]),
        (["天然气", "通天然气"], [.feature("天然气")]),
        (["卸货平台", "高台"], [.feature("卸货平台")]),
        (["货梯", "有货梯", "电梯"], [.feature("货梯")]),
        (["双回路", "双回路供电"], [.feature("双回路供电")]),

        (["独栋", "单独一栋"], [.standalone]),
        (["单层"], [.singleStorey]),
        (["多层"], [.multiStorey]),
        (["双层"], [.storeys(2)]),
        (["业主自建", "自建", "业主", "房东", "业主直租", "房东直租", "个人", "非中介", "中介勿扰", "无中介费"], [.owner(.owner)]),

        (["行车", "天车", "航车", "桥吊", "龙门吊", "吊车", "桁车"], [.crane]),
        (["层高", "滴水", "净高", "滴水高度", "檐高", "檐口高度", "高度"], [.clearHeight]),
        (["承重", "地面承重", "楼面承重", "荷载"], [.floorLoad]),
        (["配电", "变压器", "电力", "电容量", "用电", "供电", "配电容量"], [.power]),
        (["容积率"], [.plotRatio]),
        (["使用年限", "年限", "产权年限", "租期", "土地年限", "剩余年限", "出让年限"], [.tenure]),
        (["可分割", "可分租", "可分", "可拆分", "分割"], [.divisible]),

        (["国有"], [.landNature(.state)]),
        (["集体"], [.landNature(.collective)]),
        (["有产权证", "红本", "有红本", "产权证齐全", "有证", "不动产权证", "有土地证", "产权清晰"], [.titleStatus(.certified)]),
        (["权属公示中", "公示中", "正在公示"], [.titleStatus(.publicNotice)]),
        (["办证中", "正在办证", "证件办理中"], [.titleStatus(.inProcess)]),
        (["无产权证", "无证", "没有产权证"], [.titleStatus(.none)]),
        (["甲类", "消防甲类", "甲类消防"], [.fireRating(.a)]),
        (["乙类", "消防乙类"], [.fireRating(.b)]),
        (["丙类", "消防丙类", "丙二类", "丙一类"], [.fireRating(.c)]),
        (["丁类", "消防丁类"], [.fireRating(.d)]),
        (["戊类", "消防戊类"], [.fireRating(.e)]),

        (["养殖", "养猪", "养牛", "养羊", "养鸡", "养鸭", "养鱼", "畜牧", "水产养殖"], [.farmUse("养殖")]),
        (["种植", "种菜", "种果树", "苗木"], [.farmUse("种植")]),
        (["水源充足", "有水源", "水源好", "灌溉方便", "可灌溉", "自来水", "有山泉水", "水库旁", "靠近河"], [.water]),

        (["月租", "月租金", "每月租金"], [.pricePrefix(.month)]),
        (["年租", "年租金", "每年租金"], [.pricePrefix(.year)]),
        (["日租", "日租金"], [.pricePrefix(.day)]),
        (["租金", "租价", "价格", "单价", "报价"], [.pricePrefix(nil)]),
        (["售价", "总价", "卖价", "转让价", "转让费", "出售价", "总价格"], [.totalPrefix]),
        (
            [
                "/平", "/㎡", "/m2", "/m²", "/平米", "/平方", "/平方米", "每平", "每平米", "每平方", "每平方米", "每㎡", "一平", "一平米", "一个平方",
                "一平方", "一个平", "每个平方",
            ],
            [.per(.m2)]
        ),
        (["/亩", "每亩", "一亩"], [.per(.mu)]),
        (["/月", "每月", "一个月", "一月", "·月", "*月", "每个月"], [.per(.month)]),
        (["/年", "每年", "一年"], [.per(.year)]),
        (["/天", "每天", "一天", "/日", "每日"], [.per(.day)]),
        (["面议", "价格面议", "租金面议", "售价面议"], [.negotiable]),

        (["第", "位于"], [.floorMarker]),
        (["共", "总共", "一共"], [.storeysMarker]),
        (["至少", "最少", "不低于", "不少于", "不小于", "起码"], [.boundBefore(.atLeast)]),
        (["最多", "不超过", "不大于", "不高于", "最大"], [.boundBefore(.atMost)]),
        (["约", "大约", "大概", "差不多"], [.boundBefore(.approx)]),
        (["以上", "及以上"], [.boundAfter(.atLeast)]),
        (["以下", "以内", "之内"], [.boundAfter(.atMost)]),

        (["税收", "年税收", "纳税", "年纳税", "年税", "税收贡献", "年度税收", "每年税收", "预计税收", "年缴税", "年产税"], [.tax]),
        (["亩均税收", "亩产税收", "亩均"], [.perMuTax]),
        (["投资", "总投资", "投资额", "计划投资", "拟投资", "固定资产投资", "投资规模"], [.investment]),
        (["预算", "心理价位"], [.budget]),
        (["做", "从事", "用于", "用途", "用途是", "搞", "主营", "规划用途"], [.useMarker]),
        (["联系人"], [.contactMarker]),
        (["公司", "有限公司", "有限责任公司", "股份有限公司", "集团", "集团公司"], [.companySuffix]),
        (["占地", "占地面积", "土地面积", "用地面积"], [.landAreaMarker]),
        (
            [
                "的", "了", "有", "带", "配", "含", "和", "及", "与", "以及", "或", "或者", "均", "可", "现", "急", "诚", "是", "为", "在",
                "我", "我们", "需要", "要", "想", "想要", "找", "求", "最好", "优先", "欢迎", "来电", "咨询", "欢迎来电", "欢迎咨询", "电话",
                "联系电话", "手机", "手机号", "联系方式", "详询", "左右", "客户", "说", "都可以", "都行", "均可", "小", "块", "建厂", "整栋", "整体", "现有",
                "现房", "空置", "便宜",
                "低价", "价格优惠", "价格实惠", "位置好", "地段好", "附近", "一带", "周边", "面积", "建筑面积", "厂房面积", "平方公里",
                "随时看房", "即可入驻", "拎包入驻", "面向", "对外", "诚招", "寻找", "需求", "意向", "区域", "这边", "那边", "范围",
                "左右的", "上下", "个", "一个", "一些", "要求", "企业", "推荐", "热门", "精品", "优质", "一栋", "一块", "一处", "附带", "配套", "齐全",
            ],
            [.filler]
        ),
    ]
}
