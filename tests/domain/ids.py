"""Build valid ID numbers for tests, with the check character computed independently."""


def with_check_character(first_17: str) -> str:
    """Append the GB 11643-1999 check character, weights 2^(i-1) mod 11 from the right."""
    weights = [pow(2, 17 - position, 11) for position in range(17)]
    total = sum(int(digit) * weight for digit, weight in zip(first_17, weights, strict=True))
    value = (12 - total % 11) % 11
    return first_17 + ("X" if value == 10 else str(value))


def valid_id_number(region: str = "110105", birth: str = "19800101", sequence: str = "123") -> str:
    """A valid 18-character number for the given region, birth date (YYYYMMDD) and sequence."""
    return with_check_character(region + birth + sequence)


def valid_id_number_ending_in_x() -> str:
    """A valid number whose check character is X."""
    for sequence in range(1000):
        number = valid_id_number(sequence=f"{sequence:03d}")
        if number.endswith("X"):
            return number
    raise AssertionError("no sequence gives X")  # pragma: no cover
