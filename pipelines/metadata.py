"""Report metadata: title, publishing body, region, level, year reported on,
publish date, script.

Plain functions over the clean text and page metadata (``extract_metadata``), and
the Scrapy pipeline that fills ``item['meta']``.

How the fields are found, in the order of the export spec (spec/export.md):

* title    -- the report's own title as published: the first candidate (ArticleTitle,
              h1, 名称, <title> without the site suffix, link text, parent title, first
              line) that reads like a report title.
* body     -- the body the title names (``安康市教育局``, ``上饶市信州区人民政府``); an
              abbreviated department (``市发改委``, ``区住建局``) is expanded to its official
              name and given its place, preferring the full form the report itself
              prints (signature, "本报告由……根据"); else the signing office; else the
              place's government (``X人民政府``).  Simplified script.
* region   -- the body's most specific place (``青山湖区`` for 南昌市青山湖区…).
* level    -- province / city / district / county from the place name's suffix and
              the list of county-level cities (瑞金市 is a county).
* year     -- the year the report is ON: the title's year, else the statistics
              period in the text, else the publish year minus one.
* publish_date -- the portal's 发布日期, else the list date, else the announcing
              page's date (attachments), else htmldate, else the signature date.
* script   -- 'traditional' when OpenCC t2s changes the text materially.
"""
from __future__ import annotations

import datetime
import logging
import re
import unicodedata

from core.script import t2s as opencc_t2s
from core.items import is_document

logger = logging.getLogger(__name__)


def t2s(s: str | None) -> str:
    """Traditional -> Simplified (OpenCC), NFKC-normalised first so full-width
    digits read as digits."""
    if not s:
        return ""
    return opencc_t2s(unicodedata.normalize("NFKC", s))


# Generated from the GB/T 2260 administrative division codes as shipped by the
# MIT-licensed cpca package (adcodes.csv), plus county-level cities and prefectures
# created since that snapshot.  Names as officially written, Simplified.
_COUNTY_LEVEL_CITIES = set("""
万宁市 万源市 三河市 东兴市 东台市 东宁市 东方市 东港市 东阳市 个旧市 丰城市 丰镇市 临夏市 临安市 临江市 临海市 临清市 临湘市 丹江口市 丹阳市 义乌市 义马市 乌兰浩特市 乌苏市
乐平市 乐昌市 乐清市 乐陵市 乳山市 二连浩特市 五大连池市 五家渠市 五常市 五指山市 井冈山市 什邡市 仁怀市 介休市 仙桃市 仪征市 任丘市 伊宁市 会理市 余姚市 侯马市 信宜市 偃师市
公主岭市 兰溪市 共青城市 兴义市 兴仁市 兴化市 兴城市 兴宁市 兴平市 冷水江市 凌海市 凌源市 凤城市 凭祥市 凯里市 利川市 化州市 北安市 北流市 北票市 北镇市 华亭市 华蓥市 华阴市
南安市 南宫市 南康市 南雄市 博乐市 卫辉市 即墨市 原平市 双辽市 古交市 句容市 可克达拉市 台山市 合作市 合山市 吉首市 同仁市 同江市 启东市 吴川市 和田市 和龙市 喀什市 四会市
图们市 图木舒克市 塔城市 大冶市 大安市 大理市 大石桥市 天长市 天门市 太仓市 奉化市 奎屯市 如皋市 子长市 孝义市 孟州市 宁乡市 宁国市 宁安市 安丘市 安国市 安宁市 安达市 安陆市
定州市 宜兴市 宜城市 宜州市 宜都市 宣威市 密山市 富锦市 寿光市 射洪市 尚志市 岑溪市 峨眉山市 崇州市 嵊州市 巢湖市 巩义市 常宁市 常熟市 平度市 平果市 平泉市 平湖市 广水市 广汉市
庄河市 庐山市 库尔勒市 应城市 康定市 廉江市 延吉市 建德市 建瓯市 开原市 开平市 开远市 张家港市 弥勒市 当阳市 彬州市 彭州市 德令哈市 德兴市 德惠市 恩平市 恩施市 慈溪市 扎兰屯市
扬中市 扶余市 抚远市 招远市 敦化市 敦煌市 文山市 文昌市 新乐市 新密市 新星市 新民市 新沂市 新泰市 新郑市 旬阳市 昆山市 昆玉市 昌吉市 昌邑市 明光市 晋州市 晋江市 普宁市 景洪市
曲阜市 松滋市 林州市 枝江市 枣阳市 栖霞市 根河市 格尔木市 桂平市 桐乡市 桐城市 桦甸市 梅河口市 楚雄市 榆树市 樟树市 武冈市 武夷山市 武安市 武穴市 水富市 永城市 永安市 永康市
永济市 汉川市 汝州市 江山市 江油市 江阴市 汨罗市 汾阳市 沁阳市 沅江市 沙河市 河津市 河间市 泊头市 泰兴市 泸水市 津市市 洪江市 洪湖市 洮南市 济源市 浏阳市 海伦市 海城市 海宁市
海林市 海门市 海阳市 涟源市 涿州市 深州市 清镇市 温岭市 湘乡市 溧阳市 滕州市 满洲里市 滦州市 漳平市 潜山市 潜江市 潞城市 澄江市 灯塔市 灵宝市 灵武市 牙克石市 玉树市 玉门市
珲春市 琼海市 瑞丽市 瑞安市 瑞昌市 瑞金市 瓦房店市 界首市 登封市 白杨市 盖州市 盘州市 石河子市 石狮市 石首市 磐石市 神木市 福安市 福泉市 福清市 福鼎市 禹城市 禹州市 穆棱市
章丘市 简阳市 米林市 绥芬河市 绵竹市 罗定市 老河口市 耒阳市 肇东市 肥城市 胡杨河市 胶州市 腾冲市 舒兰市 舞钢市 芒市 英德市 茫崖市 荔浦市 荣成市 荥阳市 莱州市 莱西市 莱阳市
蒙自市 蓬莱市 虎林市 蛟河市 西昌市 讷河市 诸城市 诸暨市 调兵山市 贵溪市 资兴市 赤壁市 赤水市 辉县市 辛集市 迁安市 连州市 遵化市 邓州市 邛崃市 邳州市 邵东市 邵武市 邹城市 都匀市
都江堰市 醴陵市 钟祥市 铁力市 铁门关市 错那市 锡林浩特市 长乐市 长垣市 长葛市 阆中市 阜康市 阳春市 阿克苏市 阿勒泰市 阿图什市 阿尔山市 阿拉尔市 阿拉山口市 陆丰市 隆昌市 集安市
雷州市 霍尔果斯市 霍州市 霍林郭勒市 霸州市 青州市 青铜峡市 靖江市 靖西市 韩城市 韶山市 项城市 额尔古纳市 香格里拉市 马尔康市 高安市 高密市 高州市 高平市 高碑店市 高邮市 鹤山市
麻城市 黄骅市 龙井市 龙南市 龙口市 龙泉市 龙海市 龙港市
""".split())

_PLACE_NAMES = set("""
丁青县 七台河市 七星关区 七星区 七里河区 万全区 万宁市 万安县 万山区 万州区 万年县 万柏林区 万源市 万秀区 万荣县 万载县 三亚市 三元区 三原县 三台县 三山区 三明市 三水区
三江侗族自治县 三沙市 三河市 三穗县 三都水族自治县 三门县 三门峡市 上城区 上思县 上杭县 上林县 上栗县 上海市 上犹县 上甘岭区 上蔡县 上虞区 上街区 上饶县 上饶市 上高县 下城区
下花园区 下陆区 且末县 丘北县 丛台区 东丰县 东丽区 东乌珠穆沁旗 东乡县 东乡族自治县 东光县 东兰县 东兴区 东兴市 东区 东台市 东坡区 东城区 东宁市 东安区 东安县 东宝区 东山区
东山县 东川区 东平县 东方市 东昌区 东昌府区 东明县 东河区 东洲区 东海县 东港区 东港市 东湖区 东源县 东胜区 东至县 东莞市 东营区 东营市 东西湖区 东辽县 东阳市 东阿县 东风区
两当县 个旧市 中卫市 中原区 中宁县 中山区 中山市 中方县 中江县 中沙群岛的岛礁及其海域 中牟县 中站区 中阳县 丰南区 丰县 丰台区 丰城市 丰宁满族自治县 丰泽区 丰润区 丰满区 丰都县
丰镇市 丰顺县 临县 临城县 临夏县 临夏回族自治州 临夏市 临安市 临川区 临朐县 临桂区 临武县 临江市 临汾市 临沂市 临沧市 临沭县 临河区 临泉县 临泽县 临洮县 临海市 临淄区 临清市
临渭区 临湘市 临漳县 临潭县 临潼区 临澧县 临猗县 临翔区 临西县 临邑县 临颍县 临高县 丹东市 丹凤县 丹寨县 丹巴县 丹徒区 丹棱县 丹江口市 丹阳市 丽水市 丽江市 乃东区 久治县 义乌市
义县 义安区 义马市 乌什县 乌伊岭区 乌兰县 乌兰察布市 乌兰浩特市 乌审旗 乌尔禾区 乌当区 乌恰县 乌拉特中旗 乌拉特前旗 乌拉特后旗 乌海市 乌苏市 乌达区 乌马河区 乌鲁木齐县 乌鲁木齐市
乐业县 乐东黎族自治县 乐亭县 乐安县 乐山市 乐平市 乐昌市 乐清市 乐至县 乐都区 乐陵市 九原区 九台区 九寨沟县 九江县 九江市 九龙县 九龙坡区 习水县 乡城县 乡宁县 乳山市
乳源瑶族自治县 乾县 乾安县 二七区 二连浩特市 二道区 二道江区 于洪区 于田县 于都县 云南省 云县 云和县 云城区 云安区 云岩区 云梦县 云浮市 云溪区 云阳县 云霄县 云龙区 云龙县
互助土族自治县 五华区 五华县 五原县 五台县 五大连池市 五家渠市 五寨县 五峰土家族自治县 五常市 五指山市 五河县 五莲县 五营区 五通桥区 井冈山市 井研县 井陉县 井陉矿区 亚东县 交口县
交城县 京口区 京山县 亭湖区 亳州市 什邡市 仁化县 仁和区 仁寿县 仁布县 仁怀市 介休市 从化区 从江县 仓山区 仙居县 仙桃市 仙游县 代县 仪征市 仪陇县 仲巴县 任丘市 任县 任城区
伊吾县 伊宁县 伊宁市 伊川县 伊州区 伊春区 伊春市 伊犁哈萨克自治州 伊通满族自治县 伊金霍洛旗 伍家岗区 休宁县 会东县 会同县 会宁县 会昌县 会泽县 会理县 会理市 伽师县 余姚市 余干县
余庆县 余杭区 余江县 佛冈县 佛坪县 佛山市 佳县 佳木斯市 依兰县 依安县 侯马市 保亭黎族苗族自治县 保定市 保山市 保康县 保德县 保靖县 信丰县 信宜市 信州区 信阳市 修文县 修武县
修水县 偃师市 偏关县 儋州市 元宝区 元宝山区 元氏县 元江哈尼族彝族傣族自治县 元谋县 元阳县 光山县 光泽县 克东县 克什克腾旗 克孜勒苏柯尔克孜自治州 克山县 克拉玛依区 克拉玛依市 兖州区
全南县 全州县 全椒县 八公山区 八宿县 八步区 公主岭市 公安县 六合区 六安市 六枝特区 六盘水市 兰坪白族普米族自治县 兰山区 兰州市 兰溪市 兰考县 兰西县 兰陵县 共和县 共青城市
关岭布依族苗族自治县 兴业县 兴义市 兴仁县 兴仁市 兴化市 兴县 兴和县 兴国县 兴城市 兴宁区 兴宁市 兴安区 兴安县 兴安盟 兴宾区 兴山区 兴山县 兴平市 兴庆区 兴文县 兴海县 兴隆县
兴隆台区 冀州区 内丘县 内乡县 内江市 内蒙古自治区 内黄县 册亨县 冕宁县 农安县 冠县 冷水江市 冷水滩区 准格尔旗 凉城县 凉山彝族自治州 凉州区 凌云县 凌河区 凌海市 凌源市 凤冈县
凤凰县 凤县 凤台县 凤城市 凤山县 凤庆县 凤泉区 凤翔县 凤阳县 凭祥市 凯里市 分宜县 刚察县 利川市 利州区 利津县 利辛县 利通区 前进区 前郭尔罗斯蒙古族自治县 前锋区 剑川县 剑河县
剑阁县 加查县 务川仡佬族苗族自治县 勃利县 勉县 勐海县 勐腊县 包头市 包河区 化州市 化德县 化隆回族自治县 北京市 北仑区 北关区 北塔区 北安市 北川羌族自治县 北戴河区 北林区 北流市
北海市 北湖区 北碚区 北票市 北辰区 北镇市 十堰市 千山区 千阳县 华亭县 华亭市 华坪县 华宁县 华安县 华容区 华容县 华州区 华池县 华蓥市 华阴市 华龙区 卓尼县 卓资县 单县 南丰县
南丹县 南乐县 南京市 南充市 南关区 南华县 南县 南召县 南和县 南城县 南宁市 南安市 南宫市 南山区 南岔区 南岗区 南岳区 南岸区 南川区 南平市 南康区 南康市 南开区 南昌县 南昌市
南明区 南木林县 南江县 南沙区 南沙群岛 南浔区 南海区 南涧彝族自治县 南湖区 南溪区 南漳县 南澳县 南皮县 南票区 南芬区 南谯区 南通市 南郊区 南郑县 南部县 南阳市 南陵县 南雄市
南靖县 博乐市 博兴县 博尔塔拉蒙古自治州 博山区 博望区 博湖县 博爱县 博白县 博罗县 博野县 卡若区 卢氏县 卢龙县 卧龙区 卫东区 卫滨区 卫辉市 印台区 印江土家族苗族自治县 即墨市 历下区
历城区 原州区 原平市 原阳县 厦门市 友好区 友谊县 双台子区 双城区 双塔区 双峰县 双柏县 双桥区 双江拉祜族佤族布朗族傣族自治县 双流区 双清区 双湖县 双滦区 双牌县 双辽市 双阳区
双鸭山市 叙永县 叠彩区 古丈县 古交市 古冶区 古县 古城区 古塔区 古浪县 古田县 古蔺县 句容市 召陵区 可克达拉市 台儿庄区 台前县 台安县 台山市 台州市 台江区 台江县 台湾省 右江区
右玉县 叶县 叶城县 叶集区 合作市 合山市 合川区 合水县 合江县 合浦县 合肥市 合阳县 吉利区 吉县 吉安县 吉安市 吉州区 吉木乃县 吉木萨尔县 吉林市 吉林省 吉水县 吉阳区 吉隆县 吉首市
同仁县 同仁市 同安区 同德县 同心县 同江市 名山区 吐鲁番市 向阳区 吕梁市 君山区 含山县 启东市 吴中区 吴兴区 吴堡县 吴川市 吴忠市 吴桥县 吴江区 吴起县 呈贡区 周口市 周宁县 周村区
周至县 呼伦贝尔市 呼兰区 呼和浩特市 呼图壁县 呼玛县 和县 和布克赛尔蒙古自治县 和平区 和平县 和政县 和林格尔县 和田县 和田地区 和田市 和硕县 和静县 和顺县 和龙市 咸丰县 咸宁市
咸安区 咸阳市 哈密市 哈尔滨市 哈巴河县 响水县 唐县 唐山市 唐河县 商丘市 商南县 商城县 商州区 商水县 商河县 商洛市 商都县 喀什地区 喀什市 喀喇沁左翼蒙古族自治县 喀喇沁旗 喜德县
嘉兴市 嘉善县 嘉定区 嘉峪关市 嘉祥县 嘉禾县 嘉荫县 嘉陵区 嘉鱼县 嘉黎县 噶尔县 囊谦县 四会市 四子王旗 四川省 四平市 四方台区 回民区 团风县 围场满族蒙古族自治县 固原市 固始县
固安县 固镇县 固阳县 图们市 图木舒克市 土默特右旗 土默特左旗 坊子区 坡头区 垣曲县 垦利区 垫江县 埇桥区 城东区 城中区 城关区 城北区 城区 城厢区 城口县 城固县 城子河区
城步苗族自治县 城西区 城阳区 堆龙德庆区 塔什库尔干塔吉克自治县 塔城地区 塔城市 塔河县 增城区 墨江哈尼族自治县 墨玉县 墨竹工卡县 墨脱县 壤塘县 壶关县 复兴区 夏县 夏河县 夏津县 夏邑县
多伦县 大东区 大丰区 大余县 大关县 大兴区 大兴安岭地区 大冶市 大化瑶族自治县 大厂回族自治县 大同区 大同县 大同市 大名县 大城县 大埔县 大姚县 大宁县 大安区 大安市 大庆市 大悟县
大新县 大方县 大武口区 大洼区 大渡口区 大理市 大理白族自治州 大田县 大石桥市 大祥区 大竹县 大英县 大荔县 大观区 大足区 大连市 大通区 大通回族土族自治县 大邑县 天元区 天全县 天台县
天宁区 天山区 天峨县 天峻县 天心区 天柱县 天桥区 天水市 天河区 天津市 天涯区 天祝藏族自治县 天等县 天镇县 天长市 天门市 太仆寺旗 太仓市 太原市 太和区 太和县 太子河区 太平区
太康县 太湖县 太白县 太谷县 头屯河区 夷陵区 夹江县 奇台县 奈曼旗 奉化市 奉新县 奉节县 奉贤区 奎屯市 奎文区 如东县 如皋市 始兴县 姑苏区 姚安县 姜堰区 威信县 威县
威宁彝族回族苗族自治县 威海市 威远县 娄底市 娄星区 娄烦县 婺城区 婺源县 嫩江县 子洲县 子长县 子长市 孙吴县 孝义市 孝南区 孝感市 孝昌县 孟州市 孟村回族自治县 孟津县
孟连傣族拉祜族佤族自治县 宁乡县 宁乡市 宁化县 宁南县 宁县 宁国市 宁城县 宁夏回族自治区 宁安市 宁强县 宁德市 宁明县 宁晋县 宁武县 宁江区 宁河区 宁波市 宁津县 宁洱哈尼族彝族自治县
宁海县 宁蒗彝族自治县 宁远县 宁都县 宁阳县 宁陕县 宁陵县 安丘市 安义县 安乡县 安仁县 安化县 安吉县 安国市 安图县 安塞区 安多县 安宁区 安宁市 安定区 安居区 安岳县 安州区 安平县
安庆市 安康市 安徽省 安新县 安次区 安泽县 安源区 安溪县 安福县 安达市 安远县 安阳县 安阳市 安陆市 安顺市 安龙县 宏伟区 宕昌县 官渡区 定兴县 定南县 定安县 定州市 定日县 定海区
定结县 定襄县 定西市 定边县 定远县 定陶区 宛城区 宜丰县 宜兴市 宜君县 宜城市 宜宾县 宜宾市 宜川县 宜州市 宜昌市 宜春市 宜秀区 宜章县 宜良县 宜都市 宜阳县 宜黄县 宝丰县 宝兴县
宝坻区 宝塔区 宝安区 宝山区 宝应县 宝清县 宝鸡市 宣化区 宣城市 宣威市 宣州区 宣恩县 宣汉县 容县 容城县 宽城区 宽城满族自治县 宽甸满族自治县 宾县 宾川县 宾阳县 宿城区 宿州市
宿松县 宿豫区 宿迁市 密云区 密山市 富县 富宁县 富川瑶族自治县 富平县 富拉尔基区 富民县 富源县 富蕴县 富裕县 富锦市 富阳区 富顺县 寒亭区 察哈尔右翼中旗 察哈尔右翼前旗 察哈尔右翼后旗
察布查尔锡伯自治县 察隅县 察雅县 寻乌县 寻甸回族彝族自治县 寿光市 寿县 寿宁县 寿阳县 封丘县 封开县 射洪县 射洪市 射阳县 将乐县 尉氏县 尉犁县 小店区 小金县 尖山区 尖扎县 尖草坪区
尚义县 尚志市 尤溪县 尧都区 尼勒克县 尼木县 尼玛县 屏南县 屏山县 屏边苗族自治县 屯昌县 屯溪区 屯留县 山东省 山丹县 山亭区 山南市 山城区 山海关区 山西省 山阳区 山阳县 山阴县
岐山县 岑巩县 岑溪市 岗巴县 岚县 岚山区 岚皋县 岢岚县 岫岩满族自治县 岭东区 岱山县 岱岳区 岳塘区 岳普湖县 岳池县 岳西县 岳阳县 岳阳市 岳阳楼区 岳麓区 岷县 峄城区 峡江县
峨山彝族自治县 峨眉山市 峨边彝族自治县 峰峰矿区 崂山区 崆峒区 崇义县 崇仁县 崇信县 崇川区 崇州市 崇左市 崇明区 崇礼区 崇阳县 崖州区 嵊州市 嵊泗县 嵩县 嵩明县 巍山彝族回族自治县
川汇区 巢湖市 工农区 工布江达县 左云县 左权县 左贡县 巧家县 巨野县 巨鹿县 巩义市 巩留县 巫山县 巫溪县 巴东县 巴中市 巴南区 巴塘县 巴宜区 巴州区 巴彦县 巴彦淖尔市 巴林右旗
巴林左旗 巴楚县 巴里坤哈萨克自治县 巴青县 巴音郭楞蒙古自治州 巴马瑶族自治县 市中区 市北区 市南区 布尔津县 布拖县 师宗县 带岭区 常宁市 常山县 常州市 常德市 常熟市 平乐县 平乡县
平凉市 平利县 平南县 平原县 平和县 平坝区 平塘县 平安区 平定县 平山区 平山县 平川区 平度市 平房区 平昌县 平果县 平果市 平桂区 平桥区 平武县 平江县 平泉县 平泉市 平湖市 平潭县
平罗县 平舆县 平谷区 平远县 平遥县 平邑县 平阳县 平阴县 平陆县 平顶山市 平顺县 平鲁区 广东省 广丰区 广元市 广南县 广宁县 广安区 广安市 广宗县 广州市 广平县 广德县 广昌县 广水市
广汉市 广河县 广灵县 广西壮族自治区 广阳区 广陵区 广饶县 庄河市 庄浪县 庆云县 庆元县 庆城县 庆安县 庆阳市 庐山市 庐江县 庐阳区 库伦旗 库尔勒市 库车县 应县 应城市 府谷县 康乐县
康保县 康县 康定市 康巴什区 康平县 康马县 廉江市 廊坊市 延吉市 延安市 延寿县 延川县 延平区 延庆区 延津县 延边朝鲜族自治州 延长县 建华区 建始县 建宁县 建平县 建德市 建昌县 建水县
建湖县 建瓯市 建邺区 建阳区 开化县 开原市 开封市 开州区 开平区 开平市 开江县 开福区 开远市 开阳县 开鲁县 弋江区 弋阳县 弓长岭区 张北县 张家口市 张家川回族自治县 张家港市 张家界市
张店区 张掖市 张湾区 弥勒市 弥渡县 当涂县 当阳市 当雄县 彝良县 彬县 彬州市 彭山区 彭州市 彭水苗族土家族自治县 彭泽县 彭阳县 彰武县 徐州市 徐水区 徐汇区 徐闻县 得荣县
循化撒拉族自治县 微山县 德令哈市 德保县 德兴市 德化县 德城区 德安县 德宏傣族景颇族自治州 德州市 德庆县 德惠市 德昌县 德格县 德江县 德清县 德钦县 德阳市 徽县 徽州区 志丹县 忠县
忻城县 忻州市 忻府区 怀仁县 怀化市 怀宁县 怀安县 怀来县 怀柔区 怀远县 怀集县 怒江傈僳族自治州 思南县 思明区 思茅区 恒山区 恩平市 恩施土家族苗族自治州 恩施市 恩阳区 恭城瑶族自治县
息县 息烽县 惠东县 惠农区 惠城区 惠安县 惠山区 惠州市 惠来县 惠民县 惠水县 惠济区 惠阳区 慈利县 慈溪市 成华区 成县 成安县 成武县 成都市 户县 房县 房山区 扎兰屯市 扎囊县
扎赉特旗 扎赉诺尔区 扎鲁特旗 托克托县 托克逊县 托里县 扬中市 扬州市 扶余市 扶沟县 扶绥县 扶风县 承德县 承德市 抚宁区 抚州市 抚松县 抚远市 抚顺县 抚顺市 拉孜县 拉萨市 招远市
拜城县 拜泉县 拱墅区 振兴区 振安区 掇刀区 措勤县 措美县 揭东区 揭西县 揭阳市 播州区 攀枝花市 攸县 改则县 政和县 故城县 敖汉旗 敦化市 敦煌市 文县 文圣区 文安县 文山壮族苗族自治州
文山市 文峰区 文成县 文昌市 文水县 文登区 斗门区 新丰县 新乐市 新乡县 新乡市 新会区 新余市 新兴区 新兴县 新化县 新北区 新华区 新县 新吴区 新和县 新城区 新宁县 新安县
新宾满族自治县 新密市 新巴尔虎右旗 新巴尔虎左旗 新市区 新干县 新平彝族傣族自治县 新建区 新抚区 新昌县 新星市 新晃侗族自治县 新民市 新沂市 新河县 新泰市 新津县 新洲区 新源县 新田县
新疆维吾尔自治区 新绛县 新罗区 新荣区 新蔡县 新邱区 新邵县 新郑市 新都区 新野县 新青区 新龙县 方城县 方山县 方正县 施甸县 施秉县 旅顺口区 旌德县 旌阳区 无为县 无极县 无棣县
无锡市 日喀则市 日土县 日照市 旬邑县 旬阳县 旬阳市 旺苍县 昂仁县 昂昂溪区 昆山市 昆明市 昆玉市 昆都仑区 昌乐县 昌吉回族自治州 昌吉市 昌图县 昌宁县 昌平区 昌江区 昌江黎族自治县
昌邑区 昌邑市 昌都市 昌黎县 明光市 明山区 明水县 明溪县 易县 易门县 昔阳县 昭化区 昭平县 昭苏县 昭觉县 昭通市 昭阳区 晋中市 晋城市 晋宁县 晋安区 晋州市 晋江市 晋源区 普兰县
普兰店区 普宁市 普安县 普定县 普格县 普洱市 普陀区 景东彝族自治县 景县 景宁畲族自治县 景德镇市 景泰县 景洪市 景谷傣族彝族自治县 晴隆县 曲周县 曲松县 曲水县 曲江区 曲沃县 曲阜市
曲阳县 曲靖市 曲麻莱县 曹县 曹妃甸区 曾都区 月湖区 朔城区 朔州市 朗县 望城区 望奎县 望江县 望花区 望谟县 望都县 朝天区 朝阳区 朝阳县 朝阳市 木兰县 木垒哈萨克自治县 木里藏族自治县
未央区 本溪市 本溪满族自治县 札达县 杂多县 李沧区 杏花岭区 杜尔伯特蒙古族自治县 杜集区 杞县 来凤县 来安县 来宾市 杨浦区 杨陵区 杭州市 杭锦后旗 杭锦旗 松北区 松原市 松山区
松桃苗族自治县 松江区 松溪县 松滋市 松潘县 松阳县 林口县 林周县 林州市 林甸县 林芝市 林西县 果洛藏族自治州 枝江市 枞阳县 枣庄市 枣强县 枣阳市 柏乡县 柘城县 柘荣县 柞水县 柯坪县
柯城区 柯桥区 柳北区 柳南区 柳城县 柳州市 柳林县 柳江区 柳河县 栖霞区 栖霞市 株洲县 株洲市 根河市 格尔木市 栾城区 栾川县 桂东县 桂平市 桂林市 桂阳县 桃城区 桃山区 桃江县 桃源县
桐乡市 桐城市 桐庐县 桐柏县 桐梓县 桑日县 桑植县 桑珠孜区 桓仁满族自治县 桓台县 桥东区 桥西区 桦南县 桦川县 桦甸市 梁园区 梁子湖区 梁山县 梁平县 梁河县 梁溪区 梅列区 梅县区
梅州市 梅江区 梅河口市 梅里斯达斡尔族区 梓潼县 梧州市 梨树区 梨树县 椒江区 楚雄市 楚雄彝族自治州 榆中县 榆林市 榆树市 榆次区 榆社县 榆阳区 榕城区 榕江县 槐荫区 樊城区 樟树市 横县
横山区 横峰县 歙县 正宁县 正安县 正定县 正蓝旗 正镶白旗 正阳县 武义县 武乡县 武侯区 武冈市 武功县 武城县 武夷山市 武威市 武宁县 武安市 武定县 武宣县 武山县 武川县 武平县 武强县
武昌区 武汉市 武江区 武清区 武穴市 武胜县 武进区 武邑县 武都区 武陟县 武陵区 武陵源区 武隆县 武鸣区 殷都区 比如县 毕节市 民丰县 民乐县 民勤县 民和回族土族自治县 民权县 水城县
水富县 水富市 水磨沟区 永丰县 永仁县 永修县 永兴县 永吉县 永和县 永善县 永嘉县 永城市 永宁县 永安市 永定区 永寿县 永川区 永州市 永平县 永年县 永康市 永德县 永新县 永昌县 永春县
永泰县 永济市 永清县 永登县 永福县 永胜县 永靖县 永顺县 汇川区 汉中市 汉南区 汉台区 汉寿县 汉川市 汉源县 汉滨区 汉阳区 汉阴县 汕头市 汕尾市 汝南县 汝城县 汝州市 汝阳县 江东区
江北区 江华瑶族自治县 江南区 江口县 江城区 江城哈尼族彝族自治县 江夏区 江孜县 江宁区 江安县 江山市 江岸区 江川区 江州区 江干区 江永县 江汉区 江油市 江津区 江海区 江源区 江苏省
江西省 江达县 江都区 江门市 江阳区 江阴市 江陵县 池州市 汤原县 汤旺河区 汤阴县 汨罗市 汪清县 汶上县 汶川县 汾西县 汾阳市 沁县 沁水县 沁源县 沁阳市 沂南县 沂水县 沂源县 沅江市
沅陵县 沈丘县 沈北新区 沈河区 沈阳市 沐川县 沙依巴克区 沙县 沙坡头区 沙坪坝区 沙市区 沙河口区 沙河市 沙洋县 沙湾区 沙湾县 沙雅县 沛县 沧县 沧州市 沧源佤族自治县 沭阳县 河东区
河北区 河北省 河南省 河南蒙古族自治县 河口区 河口瑶族自治县 河曲县 河池市 河津市 河源市 河西区 河间市 治多县 沽源县 沾化区 沾益区 沿河土家族自治县 沿滩区 泉山区 泉州市 泉港区
泊头市 泌阳县 法库县 泗县 泗水县 泗洪县 泗阳县 波密县 泰兴市 泰和县 泰宁县 泰安市 泰山区 泰州市 泰来县 泰顺县 泸县 泸定县 泸州市 泸水市 泸溪县 泸西县 泽州县 泽库县 泽普县 泾县
泾川县 泾源县 泾阳县 洋县 洛南县 洛宁县 洛川县 洛扎县 洛江区 洛浦县 洛阳市 洛隆县 洛龙区 洞口县 洞头区 津南区 津市市 洪山区 洪江市 洪泽区 洪洞县 洪湖市 洪雅县 洮北区 洮南市
洱源县 浈江区 浉河区 济南市 济宁市 济源市 济阳县 浏阳市 浑南区 浑江区 浑源县 浔阳区 浙江省 浚县 浠水县 浦东新区 浦北县 浦口区 浦城县 浦江县 浪卡子县 浮山县 浮梁县 海东市 海丰县
海伦市 海兴县 海勃湾区 海北藏族自治州 海南区 海南省 海南藏族自治州 海原县 海口市 海城区 海城市 海宁市 海安县 海州区 海拉尔区 海晏县 海曙区 海林市 海棠区 海沧区 海淀区 海港区
海珠区 海盐县 海西蒙古族藏族自治州 海门市 海阳市 海陵区 涉县 涞水县 涞源县 涟水县 涟源市 涡阳县 润州区 涧西区 涪城区 涪陵区 涵江区 涿州市 涿鹿县 淄博市 淄川区 淅川县 淇县 淇滨区
淮上区 淮北市 淮南市 淮安区 淮安市 淮滨县 淮阳县 淮阴区 深圳市 深州市 深泽县 淳化县 淳安县 清丰县 清原满族自治县 清城区 清徐县 清新区 清水县 清水河县 清江浦区 清河区 清河县
清河门区 清流县 清涧县 清苑区 清远市 清镇市 渑池县 渝中区 渝北区 渝水区 渠县 温县 温宿县 温岭市 温州市 温江区 温泉县 渭南市 渭城区 渭源县 渭滨区 港北区 港南区 港口区 港闸区
游仙区 湄潭县 湖北省 湖南省 湖口县 湖州市 湖滨区 湖里区 湘东区 湘乡市 湘桥区 湘潭县 湘潭市 湘西土家族苗族自治州 湘阴县 湛江市 湛河区 湟中县 湟源县 湾里区 溆浦县 源城区 源汇区
溧水区 溧阳市 溪湖区 滁州市 滑县 滕州市 满城区 满洲里市 滦南县 滦县 滦州市 滦平县 滨城区 滨州市 滨江区 滨海县 滨海新区 滨湖区 滴道区 漠河县 漯河市 漳县 漳州市 漳平市 漳浦县
漾濞彝族自治县 潍坊市 潍城区 潘集区 潜山县 潜山市 潜江市 潞城市 潢川县 潮南区 潮安区 潮州市 潮阳区 潼关县 潼南区 澄城县 澄江县 澄江市 澄海区 澄迈县 澜沧拉祜族自治县 澧县
澳门特别行政区 濂溪区 濉溪县 濠江区 濮阳县 濮阳市 瀍河回族区 灌云县 灌南县 灌阳县 灞桥区 灯塔市 灵丘县 灵台县 灵宝市 灵寿县 灵山县 灵川县 灵武市 灵璧县 灵石县 炉霍县 炎陵县
点军区 烈山区 烟台市 焉耆回族自治县 焦作市 爱民区 爱辉区 牙克石市 牟定县 牟平区 牡丹区 牡丹江市 牧野区 特克斯县 犍为县 独山县 独山子区 猇亭区 献县 玄武区 玉屏侗族自治县 玉山县
玉州区 玉林市 玉树市 玉树藏族自治州 玉泉区 玉溪市 玉环县 玉田县 玉门市 玉龙纳西族自治县 王益区 玛多县 玛曲县 玛沁县 玛纳斯县 环县 环江毛南族自治县 环翠区 珙县 珠山区 珠晖区 珠海市
班戈县 班玛县 珲春市 琅琊区 理县 理塘县 琼中黎族苗族自治县 琼山区 琼海市 琼结县 瑞丽市 瑞安市 瑞昌市 瑞金市 瑶海区 璧山区 瓜州县 瓦房店市 瓮安县 瓯海区 甘井子区 甘南县
甘南藏族自治州 甘孜县 甘孜藏族自治州 甘州区 甘德县 甘泉县 甘洛县 甘肃省 甘谷县 田东县 田家庵区 田林县 田阳县 申扎县 电白区 界首市 留坝县 略阳县 番禺区 疏勒县 疏附县 登封市 白云区
白云鄂博矿区 白城市 白塔区 白山市 白朗县 白杨市 白水县 白沙黎族自治县 白河县 白玉县 白碱滩区 白银区 白银市 百色市 皇姑区 皋兰县 皮山县 盂县 盈江县 益阳市 盐亭县 盐城市 盐山县
盐池县 盐津县 盐湖区 盐源县 盐田区 盐边县 盐都区 监利县 盖州市 盘县 盘山县 盘州市 盘锦市 盘龙区 盱眙县 相城区 相山区 眉县 眉山市 睢县 睢宁县 睢阳区 石台县 石嘴山市 石城县
石家庄市 石屏县 石峰区 石拐区 石景山区 石林彝族自治县 石柱土家族自治县 石棉县 石楼县 石河子市 石泉县 石渠县 石狮市 石门县 石阡县 石首市 石鼓区 石龙区 矿区 砀山县 砚山县 硚口区
确山县 碌曲县 碑林区 碧江区 碾子山区 磁县 磐安县 磐石市 磴口县 礼县 礼泉县 社旗县 祁东县 祁县 祁连县 祁门县 祁阳县 神农架林区 神木县 神木市 神池县 祥云县 祥符区 禄丰县
禄劝彝族苗族自治县 禅城区 福安市 福山区 福州市 福建省 福泉市 福海县 福清市 福田区 福绵区 福贡县 福鼎市 禹会区 禹城市 禹州市 禹王台区 离石区 秀山土家族苗族自治县 秀屿区 秀峰区
秀洲区 秀英区 科尔沁区 科尔沁右翼中旗 科尔沁右翼前旗 科尔沁左翼中旗 科尔沁左翼后旗 秦安县 秦州区 秦淮区 秦皇岛市 秦都区 秭归县 积石山保安族东乡族撒拉族自治县 称多县 稷山县 稻城县
穆棱市 突泉县 立山区 站前区 竞秀区 章丘市 章贡区 端州区 竹山县 竹溪县 策勒县 筠连县 简阳市 管城回族区 米东区 米易县 米林县 米林市 米脂县 类乌齐县 精河县 索县 紫云苗族布依族自治县
紫金县 紫阳县 綦江区 繁峙县 繁昌县 红原县 红古区 红塔区 红安县 红寺堡区 红山区 红岗区 红旗区 红星区 红桥区 红河县 红河哈尼族彝族自治州 红花岗区 纳溪区 纳雍县 细河区 织金县 绍兴市
绛县 绥中县 绥化市 绥宁县 绥德县 绥棱县 绥江县 绥滨县 绥芬河市 绥阳县 绩溪县 维西傈僳族自治县 绵竹市 绵阳市 绿园区 绿春县 缙云县 罗城仫佬族自治县 罗定市 罗山县 罗平县 罗庄区
罗江县 罗湖区 罗源县 罗田县 罗甸县 美兰区 美姑县 美溪区 翁源县 翁牛特旗 翔安区 翠屏区 翠峦区 翼城县 耀州区 老城区 老河口市 老边区 耒阳市 耿马傣族佤族自治县 聂拉木县 聂荣县 聊城市
肃北蒙古族自治县 肃南裕固族自治县 肃宁县 肃州区 肇东市 肇州县 肇庆市 肇源县 肥东县 肥乡县 肥城市 肥西县 胡杨河市 胶州市 腾冲市 自流井区 自贡市 舒兰市 舒城县 舞钢市 舞阳县 舟山市
舟曲县 船山区 船营区 良庆区 色达县 芒市 芒康县 芗城区 芙蓉区 芜湖县 芜湖市 芝罘区 芦山县 芦淞区 芦溪县 芮城县 花垣县 花山区 花溪区 花都区 芷江侗族自治县 苍南县 苍梧县 苍溪县
苏仙区 苏家屯区 苏尼特右旗 苏尼特左旗 苏州市 若尔盖县 若羌县 英吉沙县 英山县 英德市 茂南区 茂县 茂名市 范县 茄子河区 茅箭区 茌平县 茫崖市 茶陵县 荆州区 荆州市 荆门市 荔城区
荔波县 荔浦县 荔浦市 荔湾区 荣县 荣成市 荣昌区 荥经县 荥阳市 荷塘区 莆田市 莎车县 莒南县 莒县 莘县 莫力达瓦达斡尔族自治旗 莱城区 莱山区 莱州市 莱芜市 莱西市 莱阳市 莲池区 莲湖区
莲花县 莲都区 获嘉县 菏泽市 萍乡市 萝北县 营口市 营山县 萧县 萧山区 萨嘎县 萨尔图区 萨迦县 葫芦岛市 蒙城县 蒙山县 蒙自市 蒙阴县 蒲县 蒲城县 蒲江县 蒸湘区 蓝山县 蓝田县 蓟州区
蓬安县 蓬江区 蓬溪县 蓬莱市 蔚县 蔡甸区 蕉城区 蕉岭县 蕲春县 薛城区 藁城区 藤县 虎丘区 虎林市 虞城县 虹口区 蚌埠市 蚌山区 蛟河市 蜀山区 融安县 融水苗族自治县 蠡县 行唐县 衡东县
衡南县 衡山县 衡水市 衡阳县 衡阳市 衢州市 衢江区 袁州区 裕华区 裕安区 裕民县 襄垣县 襄城区 襄城县 襄州区 襄汾县 襄阳市 西丰县 西乌珠穆沁旗 西乡县 西乡塘区 西充县 西区 西华县
西双版纳傣族自治州 西吉县 西和县 西固区 西城区 西塞山区 西夏区 西宁市 西安区 西安市 西山区 西岗区 西峡县 西峰区 西工区 西市区 西平县 西昌市 西林区 西林县 西沙群岛 西湖区 西畴县
西盟佤族自治县 西秀区 西藏自治区 西陵区 西青区 覃塘区 观山湖区 解放区 让胡路区 讷河市 许昌县 许昌市 诏安县 诸城市 诸暨市 调兵山市 谢家集区 谢通门县 谯城区 谷城县 象山区 象山县
象州县 贞丰县 贡井区 贡嘎县 贡山独龙族怒族自治县 贡觉县 贵南县 贵定县 贵州省 贵德县 贵池区 贵港市 贵溪市 贵阳市 费县 贺兰县 贺州市 贾汪区 资中县 资兴市 资源县 资溪县 资阳区
资阳市 赛罕区 赞皇县 赣县 赣州市 赣榆区 赤坎区 赤城县 赤壁市 赤峰市 赤水市 赫山区 赫章县 赵县 越城区 越秀区 越西县 路北区 路南区 路桥区 轮台县 辉南县 辉县市 辛集市 辰溪县
边坝县 辽中区 辽宁省 辽源市 辽阳县 辽阳市 达坂城区 达孜县 达尔罕茂明安联合旗 达川区 达州市 达拉特旗 达日县 迁安市 迁西县 迎江区 迎泽区 运城市 运河区 进贤县 远安县 连云区 连云港市
连南瑶族自治县 连城县 连山区 连山壮族瑶族自治县 连州市 连平县 连江县 迪庆藏族自治州 迭部县 逊克县 通化县 通化市 通城县 通山县 通川区 通州区 通榆县 通江县 通河县 通海县 通渭县
通许县 通辽市 通道侗族自治县 遂宁市 遂川县 遂平县 遂昌县 遂溪县 道县 道外区 道孚县 道真仡佬族苗族自治县 道里区 遵义市 遵化市 邓州市 邕宁区 邗江区 邛崃市 邢台县 邢台市 那坡县
那曲县 那曲地区 那曲市 邯山区 邯郸县 邯郸市 邱县 邳州市 邵东县 邵东市 邵武市 邵阳县 邵阳市 邹城市 邹平县 邻水县 郁南县 郊区 郎溪县 郏县 郑州市 郓城县 郧西县 郧阳区 郫县 郯城县
郴州市 郸城县 都兰县 都匀市 都安瑶族自治县 都昌县 都江堰市 郾城区 鄂伦春自治旗 鄂城区 鄂尔多斯市 鄂州市 鄂托克前旗 鄂托克旗 鄂温克族自治旗 鄄城县 鄞州区 鄢陵县 鄯善县 鄱阳县
酉阳土家族苗族自治县 酒泉市 醴陵市 重庆市 金东区 金乡县 金凤区 金华市 金口河区 金台区 金坛区 金城江区 金堂县 金塔县 金安区 金寨县 金山区 金山屯区 金川区 金川县 金州区 金平区
金平苗族瑶族傣族自治县 金昌市 金明区 金水区 金沙县 金湖县 金湾区 金溪县 金牛区 金秀瑶族自治县 金门县 金阳县 钟山区 钟山县 钟楼区 钟祥市 钢城区 钦北区 钦南区 钦州市 铁东区 铁力市
铁山区 铁山港区 铁岭县 铁岭市 铁西区 铁锋区 铁门关市 铅山县 铜仁市 铜官区 铜山区 铜川市 铜梁区 铜陵市 铜鼓县 银川市 银州区 银海区 错那县 错那市 锡山区 锡林浩特市 锡林郭勒盟
锦屏县 锦州市 锦江区 镇原县 镇坪县 镇宁布依族苗族自治县 镇安县 镇巴县 镇平县 镇康县 镇江市 镇沅彝族哈尼族拉祜族自治县 镇海区 镇赉县 镇远县 镇雄县 镜湖区 镶黄旗 长丰县 长乐市 长兴县
长垣县 长垣市 长子县 长宁区 长宁县 长安区 长寿区 长岛县 长岭县 长春市 长武县 长汀县 长沙县 长沙市 长治县 长治市 长泰县 长洲区 长海县 长清区 长白朝鲜族自治县 长葛市
长阳土家族自治县 长顺县 门头沟区 门源回族自治县 闵行区 闻喜县 闽侯县 闽清县 阆中市 阎良区 阜南县 阜城县 阜宁县 阜平县 阜康市 阜新市 阜新蒙古族自治县 阜阳市 防城区 防城港市 阳东区
阳信县 阳原县 阳城县 阳山县 阳新县 阳明区 阳春市 阳曲县 阳朔县 阳江市 阳泉市 阳西县 阳谷县 阳高县 阿克塞哈萨克族自治县 阿克苏地区 阿克苏市 阿克陶县 阿勒泰地区 阿勒泰市 阿合奇县
阿图什市 阿坝县 阿坝藏族羌族自治州 阿城区 阿尔山市 阿巴嘎旗 阿拉善右旗 阿拉善左旗 阿拉善盟 阿拉尔市 阿拉山口市 阿瓦提县 阿荣旗 阿里地区 阿鲁科尔沁旗 陆丰市 陆川县 陆河县 陆良县
陇南市 陇县 陇川县 陇西县 陈仓区 陈巴尔虎旗 陕州区 陕西省 陵城区 陵川县 陵水黎族自治县 隆化县 隆回县 隆子县 隆安县 隆尧县 隆德县 隆昌县 隆昌市 隆林各族自治县 隆阳区 随县 随州市
隰县 雁塔区 雁山区 雁峰区 雁江区 雄县 雅安市 雅江县 集宁区 集安市 集美区 集贤县 雨城区 雨山区 雨湖区 雨花区 雨花台区 零陵区 雷山县 雷州市 雷波县 霍城县 霍尔果斯市 霍山县 霍州市
霍林郭勒市 霍邱县 霞山区 霞浦县 霸州市 青云谱区 青冈县 青原区 青县 青山区 青山湖区 青岛市 青川县 青州市 青河县 青浦区 青海省 青田县 青白江区 青神县 青秀区 青羊区 青铜峡市 青阳县
青龙满族自治县 靖宇县 靖安县 靖州苗族侗族自治县 靖江市 靖西市 靖边县 靖远县 静乐县 静宁县 静安区 静海区 革吉县 鞍山市 韩城市 韶关市 韶山市 项城市 顺义区 顺城区 顺平县 顺庆区
顺德区 顺昌县 顺河回族区 颍上县 颍东区 颍州区 颍泉区 额尔古纳市 额敏县 额济纳旗 饶平县 饶河县 饶阳县 馆陶县 香坊区 香格里拉市 香河县 香洲区 香港特别行政区 马关县 马尔康市 马尾区
马山县 马村区 马边彝族自治县 马鞍山市 马龙县 驻马店市 驿城区 高县 高台县 高唐县 高坪区 高安市 高密市 高州市 高平市 高昌区 高明区 高淳区 高港区 高碑店市 高要区 高邑县 高邮市
高阳县 高陵区 高青县 魏县 魏都区 鱼台县 鱼峰区 鲁山县 鲁甸县 鲅鱼圈区 鲤城区 鸠江区 鸡东县 鸡冠区 鸡泽县 鸡西市 鹤城区 鹤壁市 鹤山区 鹤山市 鹤岗市 鹤峰县 鹤庆县 鹰手营子矿区
鹰潭市 鹿城区 鹿寨县 鹿泉区 鹿邑县 麒麟区 麟游县 麦盖提县 麦积区 麻城市 麻山区 麻栗坡县 麻江县 麻章区 麻阳苗族自治县 黄冈市 黄南藏族自治州 黄埔区 黄山区 黄山市 黄岛区 黄岩区
黄州区 黄平县 黄梅县 黄浦区 黄石市 黄石港区 黄陂区 黄陵县 黄骅市 黄龙县 黎城县 黎川县 黎平县 黑山县 黑水县 黑河市 黑龙江省 黔东南苗族侗族自治州 黔南布依族苗族自治州 黔江区
黔西南布依族苗族自治州 黔西县 黟县 鼎城区 鼎湖区 鼓楼区 齐河县 齐齐哈尔市 龙井市 龙亭区 龙凤区 龙华区 龙南县 龙南市 龙口市 龙圩区 龙城区 龙子湖区 龙安区 龙山区 龙山县 龙岗区
龙岩市 龙川县 龙州县 龙文区 龙江县 龙沙区 龙泉市 龙泉驿区 龙海市 龙港区 龙港市 龙游县 龙湖区 龙湾区 龙潭区 龙胜各族自治县 龙里县 龙门县 龙陵县 龙马潭区
""".split())


# ---------------------------------------------------------------------------
# places

_MUNICIPALITIES = {"北京市", "上海市", "天津市", "重庆市"}
_MAX_PLACE = max(len(n) for n in _PLACE_NAMES)
# words that never occur inside a place name: a guessed place containing one is an
# organisation or a phrase
_NOT_PLACE = re.compile(r"政府|人民|委员|办公|局|委|厅|公开|信息|年|报告|工作|部门|关于|本|全|我|各|该|市场|区域|地区|县域|社区|辖|城区|新区")
_GUESS_PLACE = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:自治县|自治旗|县|区|旗|市)")


def place_level(name: str | None) -> str | None:
    """province / city / district / county of a place name."""
    if not name:
        return None
    if name in _MUNICIPALITIES or name.endswith(("省", "自治区", "特别行政区")):
        return "province"
    if name in _COUNTY_LEVEL_CITIES:
        return "county"
    if name.endswith(("自治州", "地区", "盟", "市", "州")):
        return "city"
    if name.endswith(("自治县", "自治旗", "县", "旗", "林区", "特区")):
        return "county"
    if name.endswith("区"):
        return "district"
    return None


def _place_at(s: str, i: int, guess: bool) -> str | None:
    for n in range(min(_MAX_PLACE, len(s) - i), 1, -1):
        if s[i:i + n] in _PLACE_NAMES:
            return s[i:i + n]
    if guess:
        # a place the list does not know (new districts, renamed counties)
        m = _GUESS_PLACE.match(s, i)
        if m and not _NOT_PLACE.search(m.group(0)) and m.group(0)[0] not in "市县区旗省":
            return m.group(0)
    return None


def place_chain(s: str, start: int = 0, guess: bool = True) -> tuple[list[str], int]:
    """Place names at the start of s (湖州市安吉县人民政府 -> [湖州市, 安吉县]) and where
    they end."""
    names, i = [], start
    while i < len(s):
        p = _place_at(s, i, guess and not names)
        if not p:
            break
        names.append(p)
        i += len(p)
    return names, i


def _chain_ending_at(s: str, end: int) -> list[str]:
    names = []
    while end > 0:
        for n in range(min(_MAX_PLACE, end), 1, -1):
            if s[end - n:end] in _PLACE_NAMES:
                names.insert(0, s[end - n:end])
                end -= n
                break
        else:
            break
    return names


# ---------------------------------------------------------------------------
# bodies

# official names of departments as titles abbreviate them
DEPARTMENT_ABBREVIATIONS = {
    "发改委": "发展和改革委员会", "发改局": "发展和改革局", "发展改革委": "发展和改革委员会",
    "住建局": "住房和城乡建设局", "住建委": "住房和城乡建设委员会", "住建厅": "住房和城乡建设厅",
    "市场监管局": "市场监督管理局", "市监局": "市场监督管理局", "卫健委": "卫生健康委员会", "卫健局": "卫生健康局",
    "卫计委": "卫生和计划生育委员会", "卫计局": "卫生和计划生育局", "应急局": "应急管理局",
    "文广新旅局": "文化广电新闻出版旅游局", "文广旅局": "文化广电旅游局", "文广旅体局": "文化广电旅游体育局",
    "文旅局": "文化和旅游局", "文广新局": "文化广电新闻出版局", "文广局": "文化广电局", "文体局": "文化体育局",
    "人社局": "人力资源和社会保障局", "人社厅": "人力资源和社会保障厅", "自然资源局": "自然资源局",
    "自规局": "自然资源和规划局", "资规局": "自然资源和规划局", "国土局": "国土资源局", "环保局": "环境保护局",
    "生态环境局": "生态环境局", "交通局": "交通运输局", "交运局": "交通运输局", "农业局": "农业农村局",
    "农业农村局": "农业农村局", "农工局": "农业农村工作局", "教体局": "教育体育局", "教育体育局": "教育体育局",
    "科技局": "科学技术局", "工信局": "工业和信息化局", "经信委": "经济和信息化委员会", "经信局": "经济和信息化局",
    "工信委": "工业和信息化委员会", "商务局": "商务局", "退役军人局": "退役军人事务局", "退役军人事务局": "退役军人事务局",
    "医保局": "医疗保障局", "行政审批局": "行政审批服务局", "审批局": "行政审批局", "城管局": "城市管理局",
    "城管执法局": "城市管理行政执法局", "综合执法局": "综合行政执法局", "大数据局": "大数据发展管理局",
    "数据局": "数据资源管理局", "民宗局": "民族宗教事务局", "民宗委": "民族宗教事务委员会",
    "机关事务局": "机关事务管理局", "安监局": "安全生产监督管理局", "食药监局": "食品药品监督管理局",
    "工商局": "工商行政管理局", "质监局": "质量技术监督局", "国资委": "国有资产监督管理委员会",
    "国资局": "国有资产监督管理局", "编办": "机构编制委员会办公室", "侨办": "侨务办公室", "外事办": "外事办公室",
    "金融办": "金融工作办公室", "房管局": "房地产管理局", "人防办": "人民防空办公室", "扶贫办": "扶贫开发办公室",
    "政府办": "人民政府办公室", "政府办公室": "人民政府办公室", "水务局": "水务局", "林业局": "林业局",
    "粮食局": "粮食局", "统计局": "统计局", "审计局": "审计局", "司法局": "司法局", "民政局": "民政局",
    "财政局": "财政局", "教育局": "教育局", "公安局": "公安局", "信访局": "信访局", "体育局": "体育局",
    "乡村振兴局": "乡村振兴局", "林业和草原局": "林业和草原局", "政数局": "政务服务数据管理局",
    "政务服务局": "政务服务管理局", "发展改革局": "发展和改革局",
}
_ORG_END = re.compile(r"(?:人民政府办公室|人民政府办公厅|人民政府|政府|办公室|办公厅|委员会|领导小组|小组|局|委|办|厅|中心|署|院|会|所|站|队|馆|社)$")
_SIG_END = re.compile(r"(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|领导小组|局|委|办|厅|中心|署|院|会)$")
_DATE_LINE = re.compile(r"^\s*((?:19|20)\d{2}|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*([0-9一二三四五六七八九十]{1,3})\s*月"
                        r"\s*([0-9一二三四五六七八九十]{1,3})\s*日?\s*$")
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}


def _cn_number(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if all(c in _CN_DIGITS for c in s) and len(s) == 4:
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    if s == "十":
        return 10
    if s.startswith("十") and len(s) == 2 and s[1] in _CN_DIGITS:
        return 10 + _CN_DIGITS[s[1]]
    if len(s) == 2 and s[1] == "十" and s[0] in _CN_DIGITS:
        return _CN_DIGITS[s[0]] * 10
    if len(s) == 3 and s[1] == "十" and s[0] in _CN_DIGITS and s[2] in _CN_DIGITS:
        return _CN_DIGITS[s[0]] * 10 + _CN_DIGITS[s[2]]
    if len(s) == 1 and s in _CN_DIGITS:
        return _CN_DIGITS[s]
    return None


def _iso(y, m, d) -> str | None:
    try:
        return datetime.date(int(y), int(m), int(d)).isoformat()
    except (TypeError, ValueError):
        return None


def _date_of_line(line: str) -> str | None:
    m = _DATE_LINE.match(unicodedata.normalize("NFKC", line))
    if not m:
        return None
    parts = [_cn_number(x) for x in m.groups()]
    if None in parts:
        return None
    return _iso(*parts)


def signature(text: str) -> tuple[str | None, str | None]:
    """(signing body, signature date): the last 'body line, date line' pair outside
    tables, e.g. '安康市发展和改革委员会' / '2020年1月9日'."""
    lines = [l.strip() for l in (text or "").splitlines() if l.strip() and "\t" not in l]
    for j in range(len(lines) - 1, 0, -1):
        date = _date_of_line(lines[j])
        if not date:
            continue
        for k in (j - 1, j - 2):
            if k < 0:
                break
            cand = re.sub(r"\s+", "", lines[k])
            if len(cand) <= 40 and _SIG_END.search(t2s(cand)) and not re.search(r"[。，；：:,;]", cand):
                return cand, date
        return None, date
    return None, None


def _expand(org: str) -> str:
    """The full name of an abbreviated department ('县政府办' -> '县人民政府办公室').
    Idempotent: a name that already ends with a full form is left alone, since the
    short form may sit inside the full one ('人民政府办公室' ends with '政府办公室')."""
    if any(org.endswith(full) for full in _FULL_FORMS):
        return org
    if org in DEPARTMENT_ABBREVIATIONS:
        return DEPARTMENT_ABBREVIATIONS[org]
    for short in sorted(DEPARTMENT_ABBREVIATIONS, key=len, reverse=True):
        if org.endswith(short) and len(short) >= 3:
            return org[: -len(short)] + DEPARTMENT_ABBREVIATIONS[short]
    if org == "政府":
        return "人民政府"
    return org


# every full form, longest first (a name ending with one needs no expansion)
_FULL_FORMS = sorted(set(DEPARTMENT_ABBREVIATIONS.values()) | {"人民政府"}, key=len, reverse=True)

_YEAR_TOKEN = re.compile(r"(?:19|20)\d{2}\s*(?:年度|年)?|[〇零○一二三四五六七八九]{4}\s*年度?")
_REPORT_WORDS = re.compile(r"政府信息公开|政务公开|信息公开|政府网站|年度报告|工作报告|工作情况|年报|报告")


def _title_segment(title_s: str) -> str:
    """The part of a (Simplified) title that names its body: years and the report
    words removed ('2023年市司法局政府信息公开工作年度报告' -> '市司法局')."""
    t = re.sub(r"[\s《》“”\"'（）()【】\[\]]", "", title_s)
    t = _YEAR_TOKEN.sub("", t)
    t = re.sub(r"^关于", "", t)
    m = _REPORT_WORDS.search(t)
    seg = t[: m.start()] if m else t
    if seg.endswith("人民"):       # '…人民政府信息公开…': 政府 is shared by both words
        seg += "政府"
    seg = re.sub(r"(?:关于|的)+$", "", seg)
    return seg


def _portal_places(portal_name: str | None) -> list[str]:
    if not portal_name:
        return []
    s = t2s(portal_name)
    names, _ = place_chain(s)
    return names


def _place_for_prefix(prefix: str, places: list[str]) -> list[str]:
    """Which of the portal's places an abbreviated '市X局' / '区X局' / '县X局' means:
    the chain up to the last place of that kind."""
    if prefix:
        for i in range(len(places) - 1, -1, -1):
            if places[i].endswith(prefix):
                return places[: i + 1]
    return places


def find_body(title: str | None, text: str, portal_name: str | None) -> tuple[str | None, list[str]]:
    """(body, its place chain), Simplified."""
    title_s = t2s(title or "")
    text_s = t2s(text or "")
    seg = _title_segment(title_s)
    chain, end = place_chain(seg)
    rest = seg[end:]
    prefix = ""
    # '市发改委' / '区住建局': a bare level character stands for the portal's place of
    # that level; '市场监管局' starts with 市 but is a department name
    if not chain and rest[:1] in ("市", "区", "县", "州", "省", "旗") and not rest.startswith("市场"):
        prefix, rest = rest[0], rest[1:]
    org = rest if rest and _ORG_END.search(rest) and len(rest) <= 30 else ""
    sig, _ = signature(text_s)
    portal = _portal_places(portal_name)
    if org and chain:
        return "".join(chain) + _expand(org), chain
    if org:
        full = _expand(org)
        for cand in dict.fromkeys([full, org]):
            if sig and sig.endswith(cand) and len(sig) > len(cand):
                return sig, place_chain(sig)[0]
        best = None
        for cand in dict.fromkeys([full, org]):
            for m in re.finditer(re.escape(cand), text_s):
                c = _chain_ending_at(text_s, m.start())
                if c and (best is None or len("".join(c)) > len("".join(best[0]))):
                    best = (c, cand)
        if best:
            return "".join(best[0]) + best[1], best[0]
        places = _place_for_prefix(prefix, portal)
        if places:
            return places[-1] + full, places
        return full, []
    if sig:
        sig_chain = place_chain(sig)[0]
        return sig, sig_chain or chain
    places = chain or portal
    if places:
        return "".join(chain) + "人民政府" if chain else places[-1] + "人民政府", places
    return None, []


# ---------------------------------------------------------------------------
# title, year, dates, script

_TITLE_HINT = re.compile(r"报告|年报|報告|年報")


def pick_title(candidates: list[str | None]) -> str | None:
    cleaned = []
    for c in candidates:
        c = " ".join((c or "").split())
        if not c:
            continue
        c = re.sub(r"\.(pdf|docx?|xlsx?|wps|et)$", "", c, flags=re.I)
        pieces = [p for p in re.split(r"\s*(?:[-_|—–]+|\s{2,})\s*", c) if p]
        hinted = [p for p in pieces if _TITLE_HINT.search(p)]
        cleaned.append(hinted[0] if hinted else (pieces[0] if pieces else c))
    for c in cleaned:
        if _TITLE_HINT.search(c) and 6 <= len(c) <= 120:
            return c
    return cleaned[0] if cleaned else None


_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|年度)")
_TITLE_YEAR_CN = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})\s*年")
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_PERIOD_YEAR = re.compile(r"统计(?:期限|时限|时间|期间|区间)[^。\n]{0,12}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_RANGE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|-|—)\s*\1\s*年\s*12\s*月\s*31\s*日")


def find_year(title: str | None, text: str | None, publish_date: str | None) -> int | None:
    t = t2s(title or "")
    m = _TITLE_YEAR.search(t)
    if m:
        return int(m.group(1))
    m = _TITLE_YEAR_CN.search(t)
    if m:
        return _cn_number(m.group(1))
    m = _ANY_YEAR.search(t)
    if m:
        return int(m.group(1))
    body = t2s((text or "")[:6000])
    for rx in (_PERIOD_YEAR, _RANGE_YEAR):
        m = rx.search(body)
        if m:
            return int(m.group(1))
    if publish_date and re.match(r"\d{4}-", publish_date):
        return int(publish_date[:4]) - 1
    return None


def _valid_date(s: str | None) -> str | None:
    if not s:
        return None
    m = re.match(r"^\s*(\d{4})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})", unicodedata.normalize("NFKC", str(s)))
    if not m:
        return None
    iso = _iso(*m.groups())
    if not iso or not ("1990-01-01" <= iso <= (datetime.date.today() + datetime.timedelta(days=2)).isoformat()):
        return None
    return iso


def _htmldate(html: str | None) -> str | None:
    if not html:
        return None
    try:
        from htmldate import find_date
        return _valid_date(find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d"))
    except Exception:  # a heuristic; its failure only costs the fallback
        logger.debug("htmldate failed", exc_info=True)
        return None


def find_publish_date(page_meta: dict, link_date, parent_date, html, text) -> str | None:
    pm = page_meta or {}
    for v in (pm.get("publish_date"), pm.get("PubDate"), link_date, parent_date, pm.get("生成日期")):
        d = _valid_date(v)
        if d:
            return d
    d = _htmldate(html)
    if d:
        return d
    return signature(text or "")[1]


def detect_script(text: str) -> str:
    """'traditional' when OpenCC t2s changes a material share of the Han characters."""
    sample = (text or "")[:20000]
    conv = opencc_t2s(sample)
    han = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    if not han:
        return "simplified"
    if len(conv) == len(sample):
        changed = sum(1 for a, b in zip(sample, conv) if a != b)
    else:
        changed = abs(len(sample) - len(conv)) + sum(1 for a, b in zip(sample, conv) if a != b)
    return "traditional" if changed >= max(3, han * 0.03) else "simplified"


# ---------------------------------------------------------------------------

def extract_metadata(*, title_candidates: list, text: str, url: str, page_meta: dict,
                     link_text: str | None, link_date: str | None, parent_title: str | None,
                     parent_date: str | None, portal_name: str | None, html: str | None = None) -> dict:
    page_meta = page_meta or {}
    text = text or ""
    title = pick_title(list(title_candidates or []) + [link_text, parent_title])
    body, chain = find_body(title, text, portal_name or page_meta.get("SiteName"))
    region = chain[-1] if chain else None
    if not region:
        portal = _portal_places(portal_name or page_meta.get("SiteName"))
        region = portal[-1] if portal else None
    publish_date = find_publish_date(page_meta, link_date, parent_date, html, text)
    year = find_year(title, text, publish_date)
    script = detect_script((title or "") + "\n" + text)
    return {"title": title, "body": t2s(body) if body else None, "region": t2s(region) if region else None,
            "level": place_level(t2s(region)) if region else None, "year": year,
            "publish_date": publish_date, "script": script}


class MetadataPipeline:
    """Fills item['meta'] for every DocumentItem; never raises."""

    @classmethod
    def from_crawler(cls, crawler):
        return cls()

    def process_item(self, item, spider=None):
        if not is_document(item):
            return item
        try:
            item["meta"] = metadata_for_item(item)
        except Exception as e:
            logger.exception("metadata failed for %s", item.get("url"))
            item["meta"] = {"title": None, "body": None, "region": None, "level": None, "year": None,
                            "publish_date": None, "script": None, "error": "%s: %s" % (type(e).__name__, e)}
        return item


def metadata_for_item(item) -> dict:
    pm = item.get("page_meta") or {}
    text = item.get("text") or ""
    first_line = next((l.strip() for l in text.splitlines() if l.strip()), None)
    is_attachment = item.get("fmt") != "html" and bool(item.get("parent_url"))
    candidates = [pm.get("ArticleTitle"), pm.get("h1"), pm.get("名称"), pm.get("title")]
    candidates += [item.get("link_text")]
    if is_attachment:
        candidates += [item.get("parent_title")]
    candidates += [first_line]
    return extract_metadata(
        title_candidates=[c for c in candidates if c], text=text, url=item.get("final_url") or item.get("url") or "",
        page_meta=pm, link_text=item.get("link_text"), link_date=item.get("link_date"),
        parent_title=item.get("parent_title") if is_attachment else None,
        parent_date=item.get("parent_date") if is_attachment else None,
        portal_name=item.get("portal_name"), html=item.get("html"))
