"""The seven reports of the demo world, as data: their figures and prose as blocks (see blocks.py),
each returning (blocks..., metrics) for the portal that publishes it. The statistics tables are
laid out by tables.py from the figures given here, so no figure is typed twice."""
from __future__ import annotations

from nianbao.demo.world.tables import section2_2019, section2_2021, section3, section4, table_2008


def report_jian_2017():
    m = {
        "proactive.total": 186532, "proactive.normative_docs": 41, "proactive.normative_issued": 47,
        "proactive.gazette": 356, "proactive.website": 124870, "proactive.weibo": 23115, "proactive.wechat": 31046,
        "proactive.other": 7145,
        "response.hotspots": 68, "response.press_conferences": 42, "response.press_conferences.principal": 15,
        "response.online_interviews": 36, "response.online_interviews.principal": 12,
        "response.interpretations": 215, "response.weibo_wechat": 530, "response.other": 96,
        "requests.received": 112, "requests.received.in_person": 31, "requests.received.fax": 2,
        "requests.received.online": 64, "requests.received.mail": 15,
        "requests.completed": 108, "requests.completed.on_time": 105, "requests.completed.extended": 3,
        "replies.total": 108, "replies.already_public": 21, "replies.granted": 52, "replies.partial": 9,
        "replies.denied": 6, "replies.denied.state_secret": 1, "replies.denied.commercial_secret": 1,
        "replies.denied.privacy": 2, "replies.denied.security_stability": 0, "replies.denied.not_gov_info": 2,
        "replies.denied.other_legal": 0, "replies.not_own_agency": 10, "replies.nonexistent": 7,
        "replies.amend_notice": 2, "replies.other_channel": 1,
        "reconsideration.total": 4, "reconsideration.upheld": 3, "reconsideration.corrected": 1,
        "reconsideration.other": 0,
        "litigation.total": 2, "litigation.upheld": 2, "litigation.corrected": 0, "litigation.other": 0,
        "complaints.total": 3, "fees.collected": 0, "org.units": 58, "org.reading_points": 196,
        "staff.total": 412, "staff.full_time": 98, "staff.part_time": 314, "funding.special": 86.5,
        "meetings.total": 26, "training.sessions": 38, "training.attendees": 2160,
    }
    # the channels of the year's total add up on this city's table (one of several ways real tables are filled)
    assert m["proactive.total"] == sum(m[k] for k in ("proactive.gazette", "proactive.website", "proactive.weibo",
                                                       "proactive.wechat", "proactive.other"))
    blocks = [
        ("p", "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《江西省人民政府办公厅关于做好2017年政府信息公开工作年度报告编制发布工作的通知》要求，由吉安市人民政府办公室综合全市各县（市、区）、井冈山经济技术开发区和市政府各部门政府信息公开工作情况编制而成。全文包括概述、主动公开政府信息情况、依申请公开政府信息情况、政府信息公开的收费及减免情况、因政府信息公开申请提起行政复议和行政诉讼的情况、存在的主要问题及改进措施、其他需要报告的事项等七部分。本报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。本报告的电子版可在吉安市人民政府门户网站下载。如对本报告有疑问，请与吉安市人民政府办公室政务公开科联系（地址：吉安市吉州区井冈山大道行政中心，邮编：343000，电话：0796-8221234）。"),
        ("h", "一、概述"),
        ("p", "2017年，全市各级各部门认真贯彻落实党中央、国务院和省委、省政府关于全面推进政务公开工作的决策部署，坚持以公开为常态、不公开为例外，围绕全市中心工作和群众关切，不断深化政府信息公开内容，完善公开制度，拓宽公开渠道，政府信息公开工作取得了新成效。"),
        ("p", "（一）健全工作机构。市政府调整充实了市全面推进政务公开工作领导小组，明确由市政府办公室主管全市政府信息公开工作。全市共设立政府信息公开工作专门机构58个，从事政府信息公开工作人员412人，其中专职人员98人，兼职人员314人。"),
        ("p", "（二）完善制度建设。修订完善了《吉安市政府信息公开保密审查制度》《吉安市政府信息公开申请办理工作规程》，严格执行“先审查、后公开”和“一事一审”制度，规范了依申请公开受理、登记、办理、答复、归档等各环节。"),
        ("p", "（三）加强培训指导。全年全市召开政府信息公开工作会议或专题会议26次，举办各类培训班38次，接受培训人员2160人次，政府信息公开工作人员业务能力进一步提升。"),
        ("h", "二、主动公开政府信息情况"),
        ("p", "（一）公开总体情况。2017年，全市共主动公开政府信息186532条，其中主动公开规范性文件41条，制发规范性文件47件。从公开渠道看，通过政府公报公开政府信息356条，通过政府网站公开政府信息124870条，通过政务微博公开政府信息23115条，通过政务微信公开政府信息31046条，利用广播、电视、报纸、电子屏、宣传栏等其他方式公开政府信息7145条。"),
        ("p", "（二）重点领域信息公开。围绕“放管服”改革、财政预决算、重大建设项目、公共资源配置、精准扶贫、环境保护、食品药品安全等重点领域，及时公开权责清单、“三公”经费、项目审批核准备案结果和招标投标信息。市直部门全部在门户网站公开了2017年部门预算和2016年部门决算。"),
        ("p", "（三）政策解读和回应关切。全年共回应公众关注热点或重大舆情68次；参加或举办新闻发布会42次，其中主要负责同志参加新闻发布会15次；开展政府网站在线访谈36次，其中主要负责同志参加政府网站在线访谈12次；发布政策解读稿件215篇；通过微博微信回应事件530次，通过其他方式回应事件96次。"),
        ("h", "三、依申请公开政府信息情况"),
        ("p", "（一）申请情况。2017年，全市共收到政府信息公开申请112件，其中当面申请31件，传真申请2件，网络申请64件，信函申请15件。申请内容主要集中在征地拆迁、城乡规划、社会保障、不动产登记等方面。"),
        ("p", "（二）办理情况。全年共办结政府信息公开申请108件，其中按时办结105件，延期办结3件，其余4件结转至2018年办理。在已答复的108件申请中，属于已主动公开范围的21件，同意公开的52件，同意部分公开的9件，不同意公开的6件，不属于本行政机关公开的10件，申请信息不存在的7件，告知作出更改补充的2件，告知通过其他途径办理的1件。"),
        ("h", "四、政府信息公开的收费及减免情况"),
        ("p", "2017年，全市各级行政机关在办理政府信息公开申请过程中均未收取检索、复制、邮寄等费用，也未发生减免费用的情况。"),
        ("h", "五、因政府信息公开申请提起行政复议、行政诉讼的情况"),
        ("p", "2017年，全市因政府信息公开申请引发行政复议4件，其中维持具体行政行为3件，被依法纠错1件；引发行政诉讼2件，法院均判决维持具体行政行为或者驳回原告诉讼请求。全年共收到涉及政府信息公开的举报投诉3件，均已按规定处理完毕。"),
        ("h", "六、存在的主要问题及改进措施"),
        ("p", "2017年，我市政府信息公开工作虽然取得了一定成效，但仍存在一些不足：一是部分县（市、区）和部门对政府信息公开工作重视程度不够，信息更新不够及时；二是政策解读的形式较为单一，解读质量有待提高；三是基层政府信息公开工作人员多为兼职，业务能力参差不齐。"),
        ("p", "2018年，我市将重点做好以下工作：一是进一步深化重点领域信息公开，加大财政资金、公共资源配置、重大建设项目等领域信息公开力度；二是强化政策解读和舆情回应，丰富解读形式，提升回应实效；三是加强业务培训和考核评估，推动政府信息公开工作规范化、标准化。"),
        ("h", "七、其他需要报告的事项"),
        ("p", "2017年，全市共设置政府信息公开查阅点196个，安排政府信息公开专项经费86.5万元。本年度无其他需要报告的事项。"),
        ("sign", ["吉安市人民政府办公室", "2018年3月20日"]),
        ("p", "附件："),
        ("h", "吉安市2017年政府信息公开情况统计表"),
        ("table", table_2008(m)),
    ]
    return blocks, m


def report_jian_2021():
    s2 = {"rules.issued": 1, "rules.repealed": 0, "rules.in_force": 12,
          "normative.issued": 18, "normative.repealed": 6, "normative.in_force": 143,
          "licensing.decisions": 86215, "penalty.decisions": 12487, "enforcement.decisions": 1203,
          "admin_fees.amount": 15632.48}
    t3, m3 = section3({
        "requests2019.new": [186, 23, 2, 1, 4, 3],
        "requests2019.carried_over": [5, 1, 0, 0, 0, 0],
        "outcome.granted": [92, 10, 1, 0, 2, 1],
        "outcome.partial": [11, 2, 0, 0, 0, 0],
        "outcome.denied.state_secret": [1, 0, 0, 0, 0, 0],
        "outcome.denied.third_party": [3, 1, 0, 0, 0, 0],
        "outcome.denied.internal_affairs": [2, 0, 0, 0, 0, 0],
        "outcome.denied.process_info": [5, 1, 0, 0, 0, 0],
        "outcome.denied.enforcement_file": [1, 0, 0, 0, 0, 0],
        "outcome.denied.inquiry_matter": [4, 0, 0, 0, 0, 0],
        "outcome.unable.not_held": [30, 4, 1, 1, 1, 1],
        "outcome.unable.needs_creation": [3, 0, 0, 0, 0, 0],
        "outcome.unable.unclear": [6, 1, 0, 0, 0, 0],
        "outcome.not_processed.petition": [8, 0, 0, 0, 0, 0],
        "outcome.not_processed.duplicate": [5, 1, 0, 0, 0, 0],
        "outcome.not_processed.excessive": [2, 0, 0, 0, 0, 0],
        "outcome.not_processed.reissue": [1, 0, 0, 0, 0, 0],
        "outcome.other.no_correction": [4, 1, 0, 0, 0, 0],
        "outcome.other.other": [2, 0, 0, 0, 0, 0],
    }, "2021")
    t4, m4 = section4((3, 1, 0, 1), (2, 0, 1, 0), (1, 0, 0, 1))
    new, co, fwd = m3["requests2019.new@total"], m3["requests2019.carried_over@total"], \
        m3["requests2019.carried_forward@total"]
    page1 = [
        ("p", "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。报告全文由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六部分组成。报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。如对本报告有疑问，请与吉安市人民政府办公室联系（电话：0796-8221234）。"),
        ("h", "一、总体情况"),
        ("p", "2021年，吉安市人民政府认真贯彻落实党中央、国务院关于全面推进政务公开的决策部署，严格执行《条例》，围绕疫情防控、优化营商环境、乡村振兴等重点工作，持续深化政务公开，以公开促落实、促规范、促服务。"),
        ("p", "（一）主动公开。严格落实法定主动公开内容，及时公开政策文件、财政预决算、重大建设项目、公共资源配置等信息。全年制发行政规范性文件18件，全部在门户网站全文公开，并同步发布文字、图解、视频等多种形式的解读材料。"),
        ("p", "（二）依申请公开。进一步规范依申请公开受理、办理、答复流程，全年共新收政府信息公开申请%d件，上年结转%d件，除%d件结转下年度继续办理外，均已在法定期限内答复。从申请内容看，主要集中在征地拆迁补偿、规划审批、行政执法等方面。" % (new, co, fwd)),
        ("p", "（三）政府信息管理。严格落实政府信息公开保密审查机制，对拟公开的政府信息实行“三审三校”；开展行政规范性文件清理，废止行政规范性文件6件，现行有效的143件行政规范性文件已在门户网站集中公开并标注效力状态。"),
        ("p", "（四）平台建设。优化市政府门户网站政府信息公开专栏，完善法定主动公开内容目录；用好“吉安发布”政务微博、微信公众号等政务新媒体，扩大政府信息传播覆盖面。"),
        ("p", "（五）监督保障。将政务公开工作纳入全市高质量发展综合考核，组织开展政务公开专题培训，对各县（市、区）和市直部门政务公开工作进行季度检查通报。"),
        ("h", "二、主动公开政府信息情况"),
        ("table", section2_2021(s2)),
    ]
    page2 = [
        ("h", "三、收到和处理政府信息公开申请情况"),
        ("table", t3),
        ("h", "四、政府信息公开行政复议、行政诉讼情况"),
        ("table", t4),
        ("h", "五、存在的主要问题及改进情况"),
        ("p", "2021年，我市政府信息公开工作取得了一定成效，但对照《条例》要求和人民群众期待仍有差距：一是部分单位主动公开的及时性、准确性有待提高；二是政策解读的针对性和实效性还需增强；三是依申请公开办理的规范化水平有待进一步提升。"),
        ("p", "针对上述问题，2022年我市将采取以下措施：一是加强政府信息公开动态管理，确保法定主动公开内容及时更新；二是推进政策解读与文件起草同步考虑、同步部署；三是加强依申请公开业务培训和案例指导，提升答复质量。"),
        ("h", "六、其他需要报告的事项"),
        ("p", "本年度我市未收取政府信息公开信息处理费。全年承办的人大代表建议和政协委员提案办理结果均已按要求公开。"),
    ]
    m = dict(s2)
    m.update(m3)
    m.update(m4)
    return page1, page2, m


def report_anyuan_2019():
    s2 = {"rules.new_made": 0, "rules.new_published": 0, "rules.published_total": 0,
          "normative.new_made": 9, "normative.new_published": 9, "normative.published_total": 57,
          "licensing.items_prev": 312, "licensing.items_change": -4, "licensing.decisions": 9876,
          "other_services.items_prev": 156, "other_services.items_change": 3, "other_services.decisions": 12450,
          "penalty.items_prev": 488, "penalty.items_change": 12, "penalty.decisions": 1364,
          "enforcement.items_prev": 97, "enforcement.items_change": -2, "enforcement.decisions": 58,
          "admin_fees.items_prev": 36, "admin_fees.items_change": -5,
          "procurement.items": 64, "procurement.amount": 8765.32}
    t3, m3 = section3({
        "requests2019.new": [41, 6, 0, 1, 2, 1],
        "requests2019.carried_over": [2, 0, 0, 0, 0, 0],
        "outcome.granted": [19, 3, 0, 1, 1, 0],
        "outcome.partial": [4, 1, 0, 0, 0, 0],
        "outcome.denied.third_party": [1, 0, 0, 0, 0, 0],
        "outcome.denied.process_info": [2, 0, 0, 0, 0, 0],
        "outcome.unable.not_held": [8, 1, 0, 0, 1, 1],
        "outcome.unable.unclear": [2, 0, 0, 0, 0, 0],
        "outcome.not_processed.petition": [3, 0, 0, 0, 0, 0],
        "outcome.not_processed.duplicate": [1, 0, 0, 0, 0, 0],
        "outcome.other": [1, 1, 0, 0, 0, 0],
    }, "2019")
    t4, m4 = section4((1, 0, 0, 0), (1, 0, 0, 0), (0, 0, 0, 0))
    new, co, tot, fwd = (m3["requests2019.new@total"], m3["requests2019.carried_over@total"],
                         m3["outcome.total@total"], m3["requests2019.carried_forward@total"])
    blocks = [
        ("p", "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）要求，由萍乡市安源区人民政府办公室编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。本报告电子版可在萍乡市安源区人民政府门户网站查阅或下载。"),
        ("h", "一、总体情况"),
        ("p", "2019年，安源区认真贯彻新修订的《条例》，坚持以公开为常态、不公开为例外，围绕区委、区政府中心工作，全面推进决策、执行、管理、服务、结果公开，政务公开工作取得新进展。"),
        ("p", "（一）主动公开情况。依托区政府门户网站、“安源发布”微信公众号等平台，及时公开机构职能、规范性文件、财政预决算、重大建设项目、脱贫攻坚等信息。全年新制作并公开规范性文件9件，目前对外公开的规范性文件共57件。"),
        ("p", "（二）依申请公开情况。全年新收政府信息公开申请%d件，上年结转%d件，共办结%d件，结转下年度继续办理%d件。申请内容主要涉及房屋征收补偿、城市规划建设、社会保障等方面。" % (new, co, tot, fwd)),
        ("p", "（三）政府信息管理情况。对照新《条例》要求，重新编制了《萍乡市安源区人民政府信息公开指南》，梳理更新政府信息公开目录，完善公开属性源头认定和保密审查机制。"),
        ("p", "（四）平台建设情况。完成区政府门户网站集约化改造，开设“政府信息公开”专栏，设置法定主动公开内容、政府信息公开指南、政府信息公开年报等栏目。"),
        ("p", "（五）监督保障情况。将政务公开工作纳入全区综合考核，定期通报各单位信息更新情况，全年组织政务公开业务培训2次。"),
        ("h", "二、主动公开政府信息情况"),
        ("table", section2_2019(s2)),
        ("h", "三、收到和处理政府信息公开申请情况"),
        ("table", t3),
        ("h", "四、政府信息公开行政复议、行政诉讼情况"),
        ("table", t4),
        ("h", "五、存在的主要问题及改进情况"),
        ("p", "2019年，我区政府信息公开工作虽取得一定成效，但仍存在一些问题：一是部分单位对新《条例》学习理解不够深入，主动公开意识有待增强；二是基层政务公开标准化规范化建设起步较晚，公开内容不够全面；三是政策解读形式单一，解读质量有待提高。"),
        ("p", "2020年，我区将着力做好以下工作：一是加强新《条例》学习培训，提高各单位依法公开能力；二是推进基层政务公开标准化规范化建设，编制完善各领域公开事项目录；三是创新政策解读方式，更多运用图表图解、音频视频等形式开展解读。"),
        ("h", "六、其他需要报告的事项"),
        ("p", "无。"),
        ("sign", ["萍乡市安源区人民政府办公室", "2020年1月19日"]),
    ]
    m = dict(s2)
    m.update(m3)
    m.update(m4)
    return blocks, m


def report_anyuan_jyj_2020():
    s2 = {"rules.new_made": 0, "rules.new_published": 0, "rules.published_total": 0,
          "normative.new_made": 2, "normative.new_published": 2, "normative.published_total": 11,
          "licensing.items_prev": 6, "licensing.items_change": 0, "licensing.decisions": 128,
          "other_services.items_prev": 12, "other_services.items_change": 1, "other_services.decisions": 356,
          "penalty.items_prev": 3, "penalty.items_change": 0, "penalty.decisions": 2,
          "enforcement.items_prev": 2, "enforcement.items_change": 0, "enforcement.decisions": 0,
          "admin_fees.items_prev": 4, "admin_fees.items_change": -1,
          "procurement.items": 11, "procurement.amount": 1532.6}
    t3, m3 = section3({
        "requests2019.new": [7, 0, 0, 0, 0, 0],
        "requests2019.carried_over": [0, 0, 0, 0, 0, 0],
        "outcome.granted": [4, 0, 0, 0, 0, 0],
        "outcome.partial": [1, 0, 0, 0, 0, 0],
        "outcome.unable.not_held": [1, 0, 0, 0, 0, 0],
        "outcome.other": [1, 0, 0, 0, 0, 0],
    }, "2019")
    t4, m4 = section4((0, 0, 0, 0), (0, 0, 0, 0), (0, 0, 0, 0))
    blocks = [
        ("p", "根据《中华人民共和国政府信息公开条例》和区政府办公室有关要求，现将安源区教育局2020年政府信息公开工作情况报告如下。本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。"),
        ("h", "一、总体情况"),
        ("p", "2020年，我局坚持以公开为常态、不公开为例外，围绕教育改革发展和群众关心关注的热点问题，扎实做好政府信息公开工作。在疫情防控期间，及时发布延期开学、线上教学、返校复课等通知和政策解读，回应家长和社会关切。"),
        ("p", "（一）主动公开。通过区政府门户网站教育局专栏、“安源教育”微信公众号及时公开学校招生入学、学生资助、教师招聘、教育经费预决算等信息。全年新制作并公开规范性文件2件。"),
        ("p", "（二）依申请公开。全年共收到政府信息公开申请7件，均为自然人申请，已全部按规定答复。"),
        ("p", "（三）政府信息管理。健全政府信息公开保密审查和发布审核机制，落实“谁公开、谁审查、谁负责”的要求。"),
        ("p", "（四）平台建设。完善局网站专栏设置，做好义务教育招生入学信息集中公开。"),
        ("p", "（五）监督保障。明确局办公室负责政府信息公开日常工作，将政府信息公开工作纳入股室年度考核。"),
        ("h", "二、主动公开政府信息情况"),
        ("table", section2_2019(s2)),
        ("h", "三、收到和处理政府信息公开申请情况"),
        ("table", t3),
        ("h", "四、政府信息公开行政复议、行政诉讼情况"),
        ("table", t4),
        ("h", "五、存在的主要问题及改进情况"),
        ("p", "存在的主要问题：一是信息公开的及时性还需加强，个别栏目更新较慢；二是政策解读的形式还不够丰富。改进措施：一是建立栏目更新提醒机制，确保信息及时发布；二是运用图解、短视频等形式做好教育政策解读。"),
        ("h", "六、其他需要报告的事项"),
        ("p", "本年度无其他需要报告的事项。"),
        ("sign", ["安源区教育局", "2021年1月26日"]),
    ]
    m = dict(s2)
    m.update(m3)
    m.update(m4)
    return blocks, m


def report_anyuan_zjj_2018():
    """Published as a notice page with two attachments: the report (DOCX, prose) and its
    statistics table (XLSX, the older variant with a 历年累计 column)."""
    m = {
        "proactive.total": 642, "proactive.normative_docs": 3, "proactive.normative_issued": 3,
        "proactive.gazette": 0, "proactive.website": 518, "proactive.weibo": 37, "proactive.wechat": 65,
        "proactive.other": 22,
        "response.hotspots": 5, "response.press_conferences": 1, "response.press_conferences.principal": 1,
        "response.online_interviews": 1, "response.online_interviews.principal": 1,
        "response.interpretations": 6, "response.weibo_wechat": 4, "response.other": 0,
        "requests.received": 9, "requests.received.in_person": 4, "requests.received.fax": 0,
        "requests.received.online": 4, "requests.received.mail": 1,
        "requests.completed": 9, "requests.completed.on_time": 9, "requests.completed.extended": 0,
        "replies.total": 9, "replies.already_public": 2, "replies.granted": 4, "replies.partial": 1,
        "replies.denied": 0, "replies.denied.state_secret": 0, "replies.denied.commercial_secret": 0,
        "replies.denied.privacy": 0, "replies.denied.security_stability": 0, "replies.denied.not_gov_info": 0,
        "replies.denied.other_legal": 0, "replies.not_own_agency": 1, "replies.nonexistent": 1,
        "replies.amend_notice": 0, "replies.other_channel": 0,
        "reconsideration.total": 0, "reconsideration.upheld": 0, "reconsideration.corrected": 0,
        "reconsideration.other": 0,
        "litigation.total": 0, "litigation.upheld": 0, "litigation.corrected": 0, "litigation.other": 0,
        "complaints.total": 0, "fees.collected": 0, "org.units": 1, "org.reading_points": 1,
        "staff.total": 5, "staff.full_time": 1, "staff.part_time": 4, "funding.special": 1.2,
        "meetings.total": 2, "training.sessions": 2, "training.attendees": 36,
    }
    # 历年累计: every cumulative figure is at least the year's (the 2008-era sums hold too)
    cum = {k: (v * 7 + 3 if isinstance(v, int) and v else v) for k, v in m.items()}
    cum.update({"fees.collected": 0, "funding.special": 8.4, "org.units": 1, "org.reading_points": 1,
                "staff.total": 5, "staff.full_time": 1, "staff.part_time": 4})
    blocks = [
        ("p", "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和区政府办公室关于做好2018年政府信息公开工作年度报告编制工作的要求，现将我局2018年政府信息公开工作情况报告如下。本报告所列数据的统计期限自2018年1月1日起至2018年12月31日止。"),
        ("h", "一、概述"),
        ("p", "2018年，我局高度重视政府信息公开工作，成立了由局长任组长、分管副局长任副组长、各股室负责人为成员的政府信息公开工作领导小组，明确局办公室为政府信息公开工作专门机构，配备专职人员1人、兼职人员4人，形成了主要领导亲自抓、分管领导具体抓、股室协同配合的工作格局。"),
        ("h", "二、主动公开政府信息情况"),
        ("p", "2018年，我局共主动公开政府信息642条，其中通过区政府门户网站公开518条，通过“安源住建”政务微博公开37条，通过政务微信公开65条，通过公示栏、电子显示屏等其他方式公开22条。公开内容主要包括住房保障、棚户区改造、建筑市场监管、物业管理、房屋征收等方面的信息。"),
        ("h", "三、依申请公开政府信息情况"),
        ("p", "2018年，我局共收到政府信息公开申请9件，其中当面申请4件，网络申请4件，信函申请1件，均已按时办结。其中属于已主动公开范围的2件，同意公开的4件，同意部分公开的1件，不属于本行政机关公开的1件，申请信息不存在的1件。"),
        ("h", "四、政府信息公开的收费及减免情况"),
        ("p", "2018年，我局在办理政府信息公开申请过程中未收取任何费用。"),
        ("h", "五、因政府信息公开申请提起行政复议、行政诉讼的情况"),
        ("p", "2018年，我局未发生因政府信息公开申请提起行政复议和行政诉讼的情况。"),
        ("h", "六、政府信息公开工作存在的主要问题及改进措施"),
        ("p", "我局政府信息公开工作还存在公开内容不够全面、更新不够及时等问题。下一步，我局将进一步加强对工作人员的业务培训，规范信息发布审核流程，重点做好保障性安居工程、棚户区改造等领域的信息公开，不断提高政府信息公开工作水平。"),
        ("p", "附件：安源区住房和城乡建设局2018年政府信息公开情况统计表"),
        ("sign", ["安源区住房和城乡建设局", "2019年3月12日"]),
    ]
    return blocks, m, cum


def report_chaling_2014():
    """Figures stated ONLY in prose (no table anywhere)."""
    blocks = [
        ("p", "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由茶陵县人民政府办公室根据全县各乡镇、县直各单位政府信息公开工作情况汇总编制。全文包括概述，主动公开政府信息情况，依申请公开政府信息情况，政府信息公开的收费及减免情况，因政府信息公开申请提起行政复议、行政诉讼的情况，存在的主要问题及改进措施等六个部分。本报告中所列数据的统计期限自2014年1月1日起至2014年12月31日止。"),
        ("h", "一、概述"),
        ("p", "2014年，我县认真贯彻落实《条例》和省、市关于政府信息公开工作的部署要求，进一步健全工作机制，规范公开程序，拓宽公开渠道，政府信息公开工作稳步推进。全县共有政府信息公开工作人员86人，其中专职人员12人，兼职人员74人。全年召开政府信息公开工作会议或专题会议3次，举办各类培训班2次，接受培训人员150人次。"),
        ("h", "二、主动公开政府信息情况"),
        ("p", "2014年，全县共主动公开政府信息1234条，其中主动公开规范性文件27条。从公开方式看，通过县政府门户网站公开政府信息986条，通过政府公报公开政府信息48条，利用广播、电视、报纸、电子屏、宣传栏等方式公开200条。"),
        ("p", "在公开场所建设方面，县档案馆、县图书馆、县政务服务中心均设立了政府信息公开查阅点，全县共设置政府信息公开查阅点21个，全年接待群众现场查阅600余人次。"),
        ("h", "三、依申请公开政府信息情况"),
        ("p", "2014年，全县共受理依申请公开35件，其中当面申请1件、网上申请23件、信函申请11件。申请内容主要涉及征地拆迁、城镇规划、社会保障等方面。"),
        ("p", "截至2014年12月31日，已办结35件，办结率100%。其中，同意公开28件，同意部分公开3件，不属于本行政机关公开2件，申请信息不存在2件。"),
        ("h", "四、政府信息公开的收费及减免情况"),
        ("p", "2014年，我县在办理依申请公开过程中未收取任何费用，也未发生减免费用的情况。"),
        ("h", "五、因政府信息公开申请提起行政复议、行政诉讼的情况"),
        ("p", "2014年，我县未发生因政府信息公开申请提起行政复议、行政诉讼的情况。"),
        ("h", "六、存在的主要问题及改进措施"),
        ("p", "一年来，我县政府信息公开工作取得了一定成效，但也存在一些问题：部分单位信息公开不够及时，公开内容不够全面；乡镇政府信息公开工作基础较为薄弱。2015年，我县将进一步加强组织领导，完善工作制度，加大培训和督查力度，推动政府信息公开工作再上新台阶。"),
    ]
    m = {"proactive.total": 1234, "proactive.normative_docs": 27, "proactive.website": 986, "proactive.gazette": 48,
         "proactive.other": 200, "staff.total": 86, "staff.full_time": 12, "staff.part_time": 74,
         "meetings.total": 3, "training.sessions": 2, "training.attendees": 150, "org.reading_points": 21,
         "reading_points.visits": 600, "requests.received": 35, "requests.received.in_person": 1,
         "requests.received.online": 23, "requests.received.mail": 11, "requests.completed": 35,
         "replies.granted": 28, "replies.partial": 3, "replies.not_own_agency": 2, "replies.nonexistent": 2,
         "fees.collected": 0}
    assert m["requests.received"] == m["requests.received.in_person"] + m["requests.received.online"] \
        + m["requests.received.mail"]
    assert m["requests.completed"] == sum(m[k] for k in ("replies.granted", "replies.partial",
                                                          "replies.not_own_agency", "replies.nonexistent"))
    assert m["proactive.total"] == m["proactive.website"] + m["proactive.gazette"] + m["proactive.other"]
    assert m["staff.total"] == m["staff.full_time"] + m["staff.part_time"]
    return blocks, m


def report_chaling_2022():
    s2 = {"rules.issued": 0, "rules.repealed": 0, "rules.in_force": 0,
          "normative.issued": 7, "normative.repealed": 3, "normative.in_force": 52,
          "licensing.decisions": 15873, "penalty.decisions": 2216, "enforcement.decisions": 187,
          "admin_fees.amount": 3865.27}
    t3, m3 = section3({
        "requests2019.new": [64, 9, 0, 0, 3, 2],
        "requests2019.carried_over": [3, 0, 0, 0, 0, 0],
        "outcome.granted": [27, 4, 0, 0, 1, 1],
        "outcome.partial": [6, 1, 0, 0, 1, 0],
        "outcome.denied.state_secret": [0, 0, 0, 0, 0, 0],
        "outcome.denied.third_party": [2, 0, 0, 0, 0, 0],
        "outcome.denied.process_info": [3, 1, 0, 0, 0, 0],
        "outcome.denied.inquiry_matter": [1, 0, 0, 0, 0, 0],
        "outcome.unable.not_held": [14, 2, 0, 0, 1, 1],
        "outcome.unable.unclear": [2, 0, 0, 0, 0, 0],
        "outcome.not_processed.petition": [4, 0, 0, 0, 0, 0],
        "outcome.not_processed.duplicate": [3, 1, 0, 0, 0, 0],
        "outcome.other.no_correction": [2, 0, 0, 0, 0, 0],
        "outcome.other.other": [1, 0, 0, 0, 0, 0],
    }, "2021")
    t4, m4 = section4((1, 0, 0, 0), (0, 0, 0, 1), (0, 0, 0, 0))
    new = m3["requests2019.new@total"]
    blocks = [
        ("p", "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》要求，由茶陵县人民政府办公室编制。报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。"),
        ("h", "一、总体情况"),
        ("p", "2022年，茶陵县坚持以习近平新时代中国特色社会主义思想为指导，认真落实国家和省、市政务公开工作部署，围绕稳经济、促发展、保民生等重点工作，持续推进政务公开标准化规范化，政府信息公开质量和实效不断提升。"),
        ("p", "（一）主动公开。及时公开政策文件、财政预决算、重点项目、乡村振兴、民生实事等信息，全年制发行政规范性文件7件，全部在县政府门户网站政府信息公开专栏公开。"),
        ("p", "（二）依申请公开。畅通网上申请、信函申请和当面申请渠道，全年新收政府信息公开申请%d件，均依法依规予以答复。" % new),
        ("p", "（三）政府信息管理。开展行政规范性文件清理，宣布废止行政规范性文件3件，对现行有效的52件行政规范性文件实行动态管理。"),
        ("p", "（四）平台建设。依托省政府网站集约化平台，优化县政府门户网站政府信息公开专栏，实现政府信息“一网通查”。"),
        ("p", "（五）监督保障。将政务公开纳入县直单位和乡镇绩效考核，开展政务公开业务培训和季度检查。"),
        ("h", "二、主动公开政府信息情况"),
        ("table", section2_2021(s2)),
        ("h", "三、收到和处理政府信息公开申请情况"),
        ("table", t3),
        ("h", "四、政府信息公开行政复议、行政诉讼情况"),
        ("table", t4),
        ("h", "五、存在的主要问题及改进情况"),
        ("p", "2022年，我县政府信息公开工作虽取得一定成效，但仍存在基层政务公开专业力量不足、部分领域信息公开不够及时等问题。2023年，我县将进一步加强政务公开队伍建设，压实主体责任，提升公开的及时性和规范性。"),
        ("h", "六、其他需要报告的事项"),
        ("p", "本年度我县未收取政府信息公开信息处理费。"),
        ("sign", ["茶陵县人民政府办公室", "2023年1月29日"]),
    ]
    m = dict(s2)
    m.update(m3)
    m.update(m4)
    return blocks, m
