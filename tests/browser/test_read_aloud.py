"""「听一听」 on a resident's phone at 360×740 (issue 11): a question page and a letter read aloud.
Headless Chromium on Debian lists no voice at all; the test says which voices its phone has
(English only), so the server's audio is what plays: it waits for the audio to be fetched,
non-empty, and for the <audio> to start. Without JavaScript 「听一听」 is a link to the
same audio, which the browser opens and plays."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .browsing import (
    APPLICANT,
    arrive,
    choose,
    choose_village,
    fresh_id_number,
    javascript,
    press,
    save_and_continue,
    start,
)

SPEECH = re.compile(r"/forms/\d+/speech/[a-z_-]+\d*/[0-9a-f]{20}\.mp3")
# A phone without a Chinese voice: its speech synthesis knows English only.
ENGLISH_ONLY = """
(() => {
  window.__spoken = [];
  const voices = [{lang: "en-US", name: "English", default: true, localService: true,
                   voiceURI: "en"}];
  if (window.speechSynthesis) {
    window.speechSynthesis.getVoices = () => voices;
    window.speechSynthesis.speak = (words) => window.__spoken.push(words.text);
  }
})();
"""
PLAYING = """() => { const a = document.querySelector('[data-read-aloud] audio');
                     return a !== null && !a.paused && a.readyState >= 2; }"""


def read_aloud(page: Page, within: str = "main"):
    """Press the first 「听一听」 of `within`; the audio response the press fetched."""
    control = page.locator(within).locator("[data-read-aloud] a.read-aloud").first
    expect(control).to_have_text("听一听")
    with page.expect_response(SPEECH) as fetched:
        control.click()
    response = fetched.value
    assert response.ok and response.headers["content-type"] == "audio/mpeg"
    # Opened as a page (no JavaScript), the audio streams into the browser's own player, whose
    # body Playwright never hands over: its length is the header's.
    size = len(response.body()) if javascript(page) else int(response.headers["content-length"])
    assert size > 1000
    return response


def to_the_letter(page: Page) -> None:
    """The rest of a short self-declaration, from its first question to the letter to sign."""
    page.get_by_label("申报人姓名").fill(APPLICANT["name"])
    page.get_by_label("申报人身份证号码").fill(fresh_id_number())
    choose_village(page)
    save_and_continue(page)
    arrive(page, "遇到的风险")
    choose(page, "家里遇到了哪些风险？（可以选多项）", "收入大幅减少")
    save_and_continue(page)
    arrive(page, "家庭成员（可以不填）")
    press(page, "家庭成员都填好了，下一步")
    arrive(page, "核对填写的内容")
    press(page, "没问题，下一步：承诺和授权")
    arrive(page, "承诺和授权")


@pytest.mark.parametrize("context", [True], indirect=True)
def test_without_a_chinese_voice_the_question_and_the_letter_play_the_servers_audio(page: Page):
    page.context.add_init_script(ENGLISH_ONLY)
    start(page, "自主申报", "自主申报（防止返贫监测）", "申报人")

    read_aloud(page)

    page.wait_for_function(PLAYING)
    expect(page.get_by_role("button", name="停止")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.__spoken") == []
    page.get_by_role("button", name="停止").click()
    expect(page.get_by_role("button", name="听一听")).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("document.querySelector('[data-read-aloud] audio').paused")

    to_the_letter(page)
    letter = read_aloud(page, ".letter")

    assert "/speech/letter-commitment_authorization/" in letter.url
    page.wait_for_function(PLAYING)


@pytest.mark.parametrize("context", [False], indirect=True)
def test_without_javascript_read_aloud_opens_the_audio_the_browser_plays(page: Page):
    start(page, "自主申报", "自主申报（防止返贫监测）", "申报人")
    assert not javascript(page)
    question = page.url

    read_aloud(page)

    expect(page).to_have_url(SPEECH)
    page.goto(question)
    arrive(page, "申报人")
    to_the_letter(page)
    read_aloud(page, ".letter")
    expect(page).to_have_url(re.compile(r"/speech/letter-commitment_authorization/"))
