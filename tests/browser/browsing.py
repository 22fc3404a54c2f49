"""What a resident does in the browser, step by step, shared by the browser tests.

Every walk takes a `visit(page, name)` callback, called once on each page it reaches, so the
accessibility test can check each page on the way while the other tests just walk.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page, expect

Visit = Callable[[Page, str], None]

SMS_WAIT_SECONDS = 5.0
REFERENCE = re.compile(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}")

APPLICANT = {"name": "张三", "id_number": "11010519491231002X"}
SPOUSE = {"name": "李四", "id_number": "110105195001010012"}
# 11010519491231002X with its check character changed.
WRONG_CHECK_DIGIT = "110105194912310021"
WRONG_CHECK_MESSAGE = "身份证号码最后一位不对，请对照身份证再核对一遍"
COUNTY, TOWNSHIP, VILLAGE = "清河县（演示）", "柳林乡", "杨庄村"
REFRESH_VILLAGES = "选好县、乡镇后，点这里更新村的列表"
WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]
_people = itertools.count(1)
USED_ID_NUMBERS: list[str] = []  # newest last


def fresh_id_number(region: str = "110105", birth: str = "19491231") -> str:
    """A valid ID number no other walk uses (the check character computed here): the browser
    tests share one server, and a person has one open application of each kind at a time."""
    first_17 = region + birth + f"{500 + next(_people) % 500:03d}"
    value = (12 - sum(int(d) * w for d, w in zip(first_17, WEIGHTS, strict=True)) % 11) % 11
    USED_ID_NUMBERS.append(first_17 + ("X" if value == 10 else str(value)))
    return USED_ID_NUMBERS[-1]


def nothing(_page: Page, _name: str) -> None:
    """The default visit: just walk on."""


def javascript(page: Page) -> bool:
    return page.context.javascript


# --- looking at a page --------------------------------------------------------------------


def heading(page: Page):
    return page.get_by_role("heading", level=1)


HTMX_BUSY = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"


def settled(page: Page) -> None:
    """With JavaScript, wait until htmx has finished a swap: new content gets its behaviour
    (e.g. the township list's refresh on change) when it settles, ~20 ms after it appears. A
    person is never that quick; a test is."""
    if javascript(page):
        expect(page.locator(HTMX_BUSY)).to_have_count(0)


def arrive(page: Page, title: str | re.Pattern, visit: Visit = nothing,
           name: str | None = None) -> None:
    """Wait until the page with this main heading is shown (a full load without JavaScript,
    an htmx-boosted swap with it), then let `visit` look at it."""
    expect(heading(page)).to_have_text(title)
    settled(page)
    visit(page, name or (title if isinstance(title, str) else title.pattern))


def expect_steps(page: Page, number: int, total: int) -> None:
    expect(page.locator(".steps")).to_have_text(f"第 {number} 步，共 {total} 步")


def choose(page: Page, question: str, answer: str) -> None:
    """Tick a radio button or checkbox by its question (the fieldset's legend) and label."""
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def action(page: Page, role: str, verb: str, what: str):
    """A link or button such as 修改 with the visually hidden words that say what it is for
    (修改<span class="visually-hidden">张三</span>, announced as "修改 张三")."""
    return page.get_by_role(role, name=re.compile(rf"^{verb}\s*{re.escape(what)}$"))


def press(page: Page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()


def save_and_continue(page: Page) -> None:
    press(page, "保存，下一步")


def mark_page(page: Page) -> None:
    """Leave marks that survive a partial (htmx) swap but not a page load or a boosted swap of
    the whole body: one on window, one on the main heading."""
    page.evaluate("window.__notReloaded = true; "
                  "document.querySelector('h1').dataset.notReplaced = 'yes'")


def expect_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.__notReloaded === true"), "the page was loaded again"
    expect(heading(page)).to_have_attribute("data-not-replaced", "yes")


# --- SMS and signing in -------------------------------------------------------------------

_phones = itertools.count(1)


def new_phone() -> str:
    """A mobile number no other test uses, so the per-number send limits never meet."""
    return f"1390000{next(_phones):04d}"


def read_sms(context: BrowserContext, phone: str, pattern: str,
             wait: float = SMS_WAIT_SECONDS, sent: bool = False) -> re.Match:
    """Open /dev/sms in another tab of the same phone and read the newest message to `phone`;
    it must match `pattern`. Poll while the worker thread delivers; with `sent`, wait until the
    worker has marked the message sent."""
    tab = context.new_page()
    deadline = time.monotonic() + wait
    try:
        while True:
            tab.goto("/dev/sms")
            newest = tab.locator(".sms-message").filter(
                has=tab.locator(".sms-to", has_text=phone)).first
            if newest.count():
                found = re.search(pattern, newest.locator(".sms-body").inner_text())
                status = newest.locator(".sms-meta").inner_text().split(" · ")
                if found and (not sent or "sent" in status):
                    return found
            if time.monotonic() > deadline:
                raise AssertionError(f"no SMS to {phone} matching {pattern!r} on /dev/sms")
            time.sleep(0.2)
    finally:
        tab.close()


def sign_in(page: Page, phone: str | None = None, visit: Visit = nothing) -> str:
    """Sign in as a resident would: phone number, then the code from the SMS.

    Opens /signin unless the browser was already sent to the sign-in page (by a page that
    needs signing in, which is where it returns afterwards)."""
    phone = phone or new_phone()
    if "/signin" not in page.url:
        page.goto("/signin")
    arrive(page, "用手机号码登录", visit, "sign-in")
    page.get_by_label("手机号码").fill(phone)
    press(page, "获取验证码")
    arrive(page, "输入短信验证码", visit, "sign-in code")
    code = read_sms(page.context, phone, r"验证码(\d{6})").group(1)
    page.get_by_label("验证码").fill(code)
    press(page, "登录")
    expect(heading(page)).not_to_have_text(re.compile("输入短信验证码|用手机号码登录"))
    return phone


def start(page: Page, link: str, title: str, first_step: str, visit: Visit = nothing,
          phone: str | None = None) -> str | None:
    """Home page → a form's start page → 开始填写, signing in when asked; ends on the first
    step. Returns the phone signed in with, if it had to sign in."""
    page.goto("/")
    arrive(page, "在手机上办社会救助", visit, "home")
    page.get_by_role("link", name=link).click()
    arrive(page, title, visit, f"start {link}")
    press(page, "开始填写")
    expect(heading(page)).to_have_text(re.compile(f"^(用手机号码登录|{first_step})$"))
    signed_in = None
    if "/signin" in page.url:
        signed_in = sign_in(page, phone, visit)
        # Signing in goes straight on to the first question: 开始填写 was already pressed.
    arrive(page, first_step, visit)
    return signed_in


def choose_village(page: Page, township: str = TOWNSHIP, village: str = VILLAGE) -> None:
    """Pick county, township and village by their names. With JavaScript the village list
    follows the township at once; without it, the refresh button (in <noscript>) reloads the
    page with the township's villages."""
    # The only county is already chosen; a person leaves it (choosing it again would send a
    # second list refresh that can overtake the township's).
    expect(page.get_by_label("县（市、区）").locator("option:checked")).to_have_text(COUNTY)
    page.get_by_label("乡镇（街道）").select_option(label=township)
    villages = page.get_by_label("村（社区）")
    if not javascript(page):
        expect(villages.locator("option", has_text=village)).to_have_count(0)
        press(page, REFRESH_VILLAGES)
        expect(page.get_by_label("乡镇（街道）")).to_have_value(re.compile(r"\d{12}"))
    expect(villages.locator("option", has_text=village)).to_have_count(1)
    settled(page)
    villages.select_option(label=village)


# --- the aid application ------------------------------------------------------------------


def fill_member(page: Page, *, illness: str = "否", labor: str = "能正常干活",
                work: str = "在家务农", disability: str | None = None,
                grade: str | None = None) -> None:
    """The member questions that every member answers (the applicant answers only these)."""
    if disability:
        page.get_by_label("有没有残疾？").select_option(label=disability)
        page.get_by_label("残疾等级").select_option(label=grade)
    choose(page, "有没有大病、慢性病？", illness)
    choose(page, "能不能干活？", labor)
    page.get_by_label("现在做什么？").select_option(label=work)


def add_person(page: Page, name: str, id_number: str, relation: str, another: bool = False,
               **member) -> None:
    """On the page of one person (opened by 「添加一位家人」), fill in and save one person."""
    form = page.locator("form.add-member")
    form.get_by_label("姓名").fill(name)
    form.get_by_label("身份证号码").fill(id_number)
    form.get_by_label("和申请人的关系").select_option(label=relation)
    fill_member(page, **member)
    press(page, "保存，再添加一位" if another else "保存，回到家人名单")
    settled(page)


def add_spouse(page: Page) -> None:
    """From the members list, add the spouse on a page of their own and come back."""
    page.get_by_role("link", name="添加一位家人").click()
    arrive(page, "添加一位家人")
    add_person(page, SPOUSE["name"], SPOUSE["id_number"], "配偶", labor="只能干一些轻活",
               disability="肢体残疾", grade="二级")
    arrive(page, "家里一起生活的人")
    expect(page.locator("#members .member-name", has_text=SPOUSE["name"])).to_have_count(1)


SOURCES = ("种地、养殖有收入吗？", "打工、上班有工资吗？", "做生意有收入吗？", "领养老金或退休工资吗？",
           "领政府的补贴吗？", "亲戚、子女给钱吗？", "有房租、存款利息吗？")


def fill_plain_income(page: Page, work: str | None = None, costs: str | None = None,
                      resident_pension: str | None = None) -> None:
    """The plain income page: 没有 for every source but those given; each amount appears only
    once its source is answered 有 (CSS :has(), no script)."""
    amount = page.get_by_label("一年大概挣多少工资？")
    expect(amount).to_be_hidden()
    for question in SOURCES:
        choose(page, question, "没有")
    if work:
        choose(page, "打工、上班有工资吗？", "有")
        expect(amount).to_be_visible()
        amount.fill(work)
        if costs:
            page.get_by_label("打工的路费、工具等必要花费（可以不填）").fill(costs)
    if resident_pension:
        choose(page, "领养老金或退休工资吗？", "有")
        choose(page, "领的是哪一种？", "农村的城乡居民养老金（每月一两百元）")
        page.get_by_label("一年一共领多少元？").fill(resident_pension)


def member_names(page: Page):
    return page.locator("#members .member-name")


def application_to_members(page: Page, visit: Visit = nothing,
                           phone: str | None = None) -> str:
    """From the home page through applicant, residence and consent to the members page."""
    phone = start(page, "申请社会救助", "社会救助申请", "申请人", visit, phone) or phone
    expect_steps(page, 1, 8)
    page.get_by_label("申请人姓名").fill(APPLICANT["name"])
    page.get_by_label("申请人身份证号码").fill(fresh_id_number())
    if phone:
        expect(page.get_by_label("联系电话")).to_have_value(phone)  # filled in from sign-in
    save_and_continue(page)

    arrive(page, "住在哪里", visit)
    expect_steps(page, 2, 8)
    choose_village(page)
    page.get_by_label("详细住址").fill("3组12号")
    choose(page, "户口在这个村吗？", "是")
    save_and_continue(page)

    arrive(page, "您自己的情况", visit)
    expect_steps(page, 3, 8)
    choose(page, "您是否同意？", "同意")
    fill_member(page)  # the applicant's own situation, in the first steps
    save_and_continue(page)

    arrive(page, "家里一起生活的人", visit)
    expect_steps(page, 4, 8)
    return phone


def apply_for_aid(page: Page, visit: Visit = nothing) -> tuple[str, str]:
    """The whole aid application, from the home page to the confirmation page.
    Returns (phone, reference)."""
    phone = application_to_members(page, visit)
    expect(page.locator("#members > h2")).to_have_text("已登记 1 人")
    expect(member_names(page)).to_have_text([APPLICANT["name"]])
    add_spouse(page)
    expect(page.locator("#members > h2")).to_have_text("已登记 2 人")
    expect(member_names(page)).to_have_text([APPLICANT["name"], SPOUSE["name"]])

    # 有没有收入 for each person on the list: the spouse has none, no income page is opened.
    choose(page, f"{APPLICANT['name']}有没有收入？", "有")
    choose(page, f"{SPOUSE['name']}有没有收入？", "没有")
    press(page, "家里的人都填好了，下一步")

    arrive(page, f"{APPLICANT['name']}的收入", visit, "member income")
    fill_plain_income(page, work="12000", costs="1000", resident_pension="1500")
    press(page, "保存，下一步")

    arrive(page, "财产", visit)
    expect_steps(page, 6, 8)
    page.get_by_label("家里有几处房子？").fill("1")
    page.get_by_label("有几辆汽车？").fill("0")
    page.get_by_label("全家存款合计（元）").fill("3000")
    choose(page, "家里有没有开店、办厂或公司？", "没有")
    save_and_continue(page)

    arrive(page, "看病和上学花费", visit)
    page.get_by_label("看病花了多少钱（元）").fill("8000")
    save_and_continue(page)

    arrive(page, "困难情况", visit)
    expect_steps(page, 8, 8)
    page.get_by_label("家里遇到了什么困难？").fill("老伴生病，干不了重活")
    choose(page, "希望在哪些方面得到帮助？（可以选多项）", "日常生活")
    choose(page, "希望在哪些方面得到帮助？（可以选多项）", "看病")
    save_and_continue(page)

    arrive(page, "核对填写的内容", visit, "check")
    main = page.locator("main")
    for answer in (APPLICANT["name"], SPOUSE["name"], VILLAGE, "老伴生病，干不了重活"):
        expect(main).to_contain_text(answer)
    press(page, "没问题，下一步：阅读告知书")

    arrive(page, "社会救助申请告知书", visit, "notice")
    page.get_by_label("我已经读完、听懂了这份告知书").check()
    press(page, "下一步：承诺和授权")

    arrive(page, "承诺和授权", visit, "sign")
    page.get_by_label("我承诺以上内容都是真的").check()
    page.get_by_label("我同意授权核对我的信息", exact=True).check()
    # The spouse takes the phone, types their own name and ticks for themselves.
    page.get_by_label(f"{SPOUSE['name']}输入自己的姓名").fill(SPOUSE["name"])
    page.get_by_label(f"我是{SPOUSE['name']}，我同意授权核对我的信息").check()
    press(page, "签名并提交")

    reference = confirmation(page, visit)
    return phone, reference


def confirmation(page: Page, visit: Visit = nothing) -> str:
    """The confirmation page's reference, then the status page listing it."""
    arrive(page, "已提交", visit, "confirmation")
    reference = page.locator(".reference.big").inner_text().strip()
    assert REFERENCE.fullmatch(reference), reference
    page.get_by_role("link", name="查看我的申请和申报").click()
    arrive(page, "我的申请和申报", visit, "status")
    case = page.locator(".case").filter(has=page.locator(".reference", has_text=reference))
    expect(case).to_have_count(1)
    expect(case).to_contain_text(re.compile("已提交，待受理|农户已申报"))  # the case's state
    return reference


# --- the self-declaration -----------------------------------------------------------------


def declare(page: Page, visit: Visit = nothing) -> tuple[str, str]:
    """The whole self-declaration, from the home page to the confirmation page.
    Returns (phone, reference)."""
    phone = start(page, "自主申报", "自主申报（防止返贫监测）", "申报人", visit)
    expect_steps(page, 1, 3)
    page.get_by_label("申报人姓名").fill(APPLICANT["name"])
    page.get_by_label("申报人身份证号码").fill(fresh_id_number())
    choose_village(page)
    save_and_continue(page)

    arrive(page, "遇到的风险", visit)
    expect_steps(page, 2, 3)
    risks = "家里遇到了哪些风险？（可以选多项）"
    consent = page.get_by_label("我同意记下家里人的病情、残疾情况")
    expect(consent).to_be_hidden()  # asked only once 因病 or 因残 is ticked (CSS, no script)
    choose(page, risks, "因病（家里有人生大病）")
    expect(consent).to_be_visible()
    expect(page.locator(".consent-reveal")).to_contain_text("您选了“因病”或“因残”")
    choose(page, risks, "收入大幅减少")
    page.get_by_label("全家今年大概能收入多少钱（元）").fill("6000")
    page.get_by_label("简单说说情况").fill("今年生病住院，没法出去打工")
    save_and_continue(page)
    # 因病 needs the separate consent: the page says so next to the question, nothing typed lost.
    expect(page.locator("#field-risks .error")).to_have_text(
        "选了“因病”或“因残”，请勾选下面的“我同意记下家里人的病情、残疾情况”")
    visit(page, "risks (error)")
    expect(page.get_by_role("group", name=risks).get_by_label("因病（家里有人生大病）")).to_be_checked()
    expect(page.get_by_label("简单说说情况")).to_have_value("今年生病住院，没法出去打工")
    consent.check()
    save_and_continue(page)

    arrive(page, "家庭成员（可以不填）", visit, "members (self-declaration)")
    expect_steps(page, 3, 3)
    press(page, "家庭成员都填好了，下一步")  # skipped: the village registers them at the visit

    arrive(page, "核对填写的内容", visit, "check (self-declaration)")
    main = page.locator("main")
    for answer in (APPLICANT["name"], VILLAGE, "因病（家里有人生大病）", "今年生病住院，没法出去打工"):
        expect(main).to_contain_text(answer)
    press(page, "没问题，下一步：承诺和授权")

    arrive(page, "承诺和授权", visit, "sign (self-declaration)")
    expect(page.locator(".letter h2")).to_have_text("防止返贫监测承诺授权书")
    page.get_by_label("我同意以上承诺和授权").check()
    press(page, "签名并提交")

    reference = confirmation(page, visit)
    return phone, reference


# --- temporary aid ------------------------------------------------------------------------

# 赵六, whose hukou is in 四川 (another province), lost his lodging in a fire in 杨庄村.
MIGRANT = {"name": "赵六", "id_number": "510105198502100719"}


def apply_for_temporary_aid(page: Page, visit: Visit = nothing, photo: bytes | None = None,
                            amount: str = "1500") -> tuple[str, str]:
    """The whole request for temporary aid, from the home page to the confirmation page, with
    `photo` (JPEG bytes) attached on the check page. Returns (phone, reference)."""
    phone = start(page, "遇到急事难事，申请临时救助", "临时救助申请", "遇到困难的人", visit)
    expect_steps(page, 1, 5)
    page.get_by_label("遇到困难的人的姓名").fill(MIGRANT["name"])
    page.get_by_label("身份证号码（手头没有可以不填）").fill(fresh_id_number("510105", "19850210"))
    save_and_continue(page)

    arrive(page, "在哪里遇到的", visit)
    expect_steps(page, 2, 5)
    expect(page.locator("main")).to_contain_text("户口在外地也可以在这里申请")
    choose_village(page)
    page.get_by_label("具体地点（可以不填）").fill("村东砖厂宿舍")
    choose(page, "户口在哪里？", "外省")
    save_and_continue(page)

    arrive(page, "遇到了什么事", visit)
    expect_steps(page, 3, 5)
    choose(page, "遇到了什么事？", "火灾、水灾等突发事件或自然灾害")
    page.get_by_label("从哪天开始的？").fill(time.strftime("%Y-%m-%d"))
    page.get_by_label("简单说说发生了什么").fill("宿舍失火，衣物被褥全烧了")
    save_and_continue(page)

    arrive(page, "家里的情况", visit)
    expect_steps(page, 4, 5)
    page.get_by_label("家里一共几口人受影响？").fill("1")
    choose(page, "现在最需要什么？（可以选多项）", "吃饭、穿衣等基本生活")
    choose(page, "现在最需要什么？（可以选多项）", "临时住的地方")
    page.get_by_label("大概需要多少钱（元，可以不填）").fill(amount)
    save_and_continue(page)

    arrive(page, "一起受影响的家人（可以不填）", visit, "members (temporary aid)")
    expect_steps(page, 5, 5)
    press(page, "家庭成员都填好了，下一步")

    arrive(page, "核对填写的内容", visit, "check (temporary aid)")
    for answer in (MIGRANT["name"], VILLAGE, "外省", "宿舍失火，衣物被褥全烧了"):
        expect(page.locator("main")).to_contain_text(answer)
    if photo:
        attach_photo(page, photo, visit)
    press(page, "没问题，下一步：阅读告知书")

    arrive(page, "临时救助申请告知书", visit, "notice (temporary aid)")
    expect(page.locator(".letter-text")).to_contain_text("户口在外地的，也可以在这里申请")
    page.get_by_label("我已经读完、听懂了这份告知书").check()
    press(page, "下一步：承诺和授权")

    arrive(page, "承诺和授权", visit, "sign (temporary aid)")
    expect(page.locator(".letter h2").first).to_have_text("临时救助申请承诺书")
    page.get_by_label("我承诺以上内容都是真的").check()
    page.get_by_label("我同意授权核对我的信息", exact=True).check()
    press(page, "签名并提交")

    reference = confirmation(page, visit)
    return phone, reference


def attach_photo(page: Page, photo: bytes, visit: Visit = nothing) -> None:
    """On the check page: choose a photo (JPEG bytes) and upload it — with JavaScript the phone
    shrinks it and sends it on choosing, without it the person presses 上传这张照片; the page
    comes back listing it."""
    page.get_by_label("选一张照片").set_input_files(
        {"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": photo})
    if not javascript(page):
        press(page, "上传这张照片")
    # The heading is the same before and after the upload; the new page is the one listing the
    # photo (with JavaScript the form is sent after shrinking, a moment after choosing).
    expect(page.locator(".photo-list img")).to_have_count(1)
    arrive(page, "核对填写的内容", visit, "check with a photo")
