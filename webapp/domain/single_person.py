"""Who may be assessed alone, as a single-person household (单人户), and on which route.

`000…` 一(一): 成年无业重度残疾人可以参照“单人户”提出低保申请。依靠兄弟姐妹或者60周岁及以上老年人供养
的成年无业重度残疾人，在评估认定其家庭经济状况时，兄弟姐妹或者60周岁及以上老年人给付的供养费用，可以
视情适当豁免 — the exemption belongs to this route only (RULES.md once said "parents"; the seed
says any person aged 60 or more). And: 申请家庭符合条件的，不得仅将个别家庭成员纳入低保范围 — a
household that qualifies as a whole is never split.
`000…` 一(四) (also `001…` 二(五), `004…` 四(一)): 低保边缘家庭中的重残人员、重病患者等特殊困难人员，
经本人申请，可参照“单人户”纳入低保范围.

How 成年无业 is read: 成年 is 18 or older (民法典 第十七条). 无业 is having no job or business:
the work answers 打工、上班 and 做小生意 are a job; 在家务农 is not — a severely disabled person who
farms the family's land a little has no employment in the sense of the rule (their farm income
is still counted), and neither has a student, a retired person or one who looks after others.
"""

from __future__ import annotations

from webapp.web.i18n import _

ADULT_AGE = 18
# Work answers (webapp/flows/choices.py WORK) that are a job for 成年无业.
JOB_ANSWERS = ("employed", "self_employed")
ADULT_UNEMPLOYED_SEVERELY_DISABLED = "adult_unemployed_severely_disabled"  # 000… 一(一)
NEAR_DIBAO_ILL_OR_DISABLED = "near_dibao_ill_or_disabled"  # 000… 一(四)
ROUTES = {
    ADULT_UNEMPLOYED_SEVERELY_DISABLED: _("成年无业重度残疾人"),
    NEAR_DIBAO_ILL_OR_DISABLED: _("低保边缘家庭中的重病、重度残疾人员"),
}
# The route on which support from these people may be exempted.
EXEMPTION_ROUTE = ADULT_UNEMPLOYED_SEVERELY_DISABLED
REQUIREMENT = _("须为成年无业重度残疾人，或低保边缘家庭中的重病、重度残疾人员")


def has_job(work: str, employed: bool) -> bool:
    """Whether the person has a job for 成年无业: by the work answer where there is one, else by
    `employed` as found."""
    return work in JOB_ANSWERS if work else employed


def route(age: int, severely_disabled: bool, seriously_ill: bool, job: bool,
          household_near_dibao: bool) -> str | None:
    """The route on which the person may be assessed alone, or None."""
    if age >= ADULT_AGE and severely_disabled and not job:
        return ADULT_UNEMPLOYED_SEVERELY_DISABLED
    if (severely_disabled or seriously_ill) and household_near_dibao:
        return NEAR_DIBAO_ILL_OR_DISABLED
    return None
