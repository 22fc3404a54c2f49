"""Answer choices shared by the forms: value -> label, in the order shown."""

from webapp.web.i18n import _

RELATIONS = {
    "self": _("本人"), "spouse": _("配偶"), "child": _("子女"), "parent": _("父母"),
    "grandparent": _("祖父母、外祖父母"), "grandchild": _("孙子女、外孙子女"),
    "sibling": _("兄弟姐妹"), "other": _("其他共同生活的人"),
}
DISABILITY_KINDS = {
    "": _("没有残疾"), "physical": _("肢体残疾"), "visual": _("视力残疾"),
    "hearing": _("听力残疾"), "speech": _("言语残疾"), "intellectual": _("智力残疾"),
    "mental": _("精神残疾"), "multiple": _("多重残疾"),
}
DISABILITY_GRADES = {"": _("请选择"), "1": _("一级"), "2": _("二级"), "3": _("三级"),
                     "4": _("四级")}
LABOR_ABILITY = {"full": _("能正常干活"), "partial": _("只能干一些轻活"), "none": _("不能干活")}
WORK = {
    "farming": _("在家务农"), "employed": _("打工、上班"), "self_employed": _("做小生意"),
    "unemployed": _("没有工作"), "student": _("上学"), "retired": _("退休"),
    "other": _("其他（如年幼、在家照顾人）"),
}
HELP = {
    "living": _("日常生活"), "medical": _("看病"), "education": _("孩子上学"),
    "housing": _("住房"), "employment": _("找工作"), "emergency": _("突发急事"),
}
RISKS = {
    "illness": _("因病（家里有人生大病）"), "disability": _("因残（家里有人残疾）"),
    "schooling": _("因学（上学花钱多）"), "disaster": _("因灾（自然灾害）"),
    "accident": _("因意外事故"), "unstable_work": _("务工就业不稳定"),
    "income_drop": _("收入大幅减少"), "expense_rise": _("必要支出大幅增加"),
    "other": _("其他"),
}
SENSITIVE_RISKS = ("illness", "disability")
CONSENT = {"yes": _("同意"), "no": _("不同意，跳过这些问题")}
YES_NO = {"yes": _("是"), "no": _("否")}
PLEASE_CHOOSE = {"": _("请选择")}
