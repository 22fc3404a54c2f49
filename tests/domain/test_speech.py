"""The words 「听一听」 reads, as an engine should say them, and the key of their audio."""

from webapp.domain.speech import cache_key, digest, page_text, spoken


def test_each_line_of_a_page_ends_in_a_stop_so_the_voice_pauses():
    assert page_text(["收入", "写最近12个月的收入，按年算。", "户口在这个村吗？", "是；否"]) == \
        "收入。\n写最近12个月的收入，按年算。\n户口在这个村吗？\n是；否。"


def test_empty_lines_of_a_page_are_left_out():
    assert page_text(["财产", "", "  ", "家里有几处房子？"]) == "财产。\n家里有几处房子？"


def test_hidden_digits_of_an_id_number_are_said_once_not_star_by_star():
    assert spoken("身份证号 110105********123X") == "身份证号 1 1 0 1 0 5（中间几位不显示）1 2 3X"


def test_a_phone_number_is_spelt_digit_by_digit_and_an_amount_stays_a_number():
    assert spoken("电话13800138000，存款3000元，3组12号") == \
        "电话1 3 8 0 0 1 3 8 0 0 0，存款3000元，3组12号"


def test_a_changed_text_has_a_new_digest_and_a_new_key():
    assert digest("第 1 版") != digest("第 2 版")
    assert cache_key("第 1 版", "espeak-ng") != cache_key("第 2 版", "espeak-ng")


def test_the_same_text_made_by_another_engine_setting_is_kept_apart():
    assert cache_key("听一听", "espeak-ng -s 140") != cache_key("听一听", "espeak-ng -s 175")
