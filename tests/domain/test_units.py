"""Administrative units from the official package vietnam-provinces, in both structures."""

import pytest

from desktop_app.domain.units import (
    Level,
    Structure,
    UnitError,
    children,
    communes_under,
    find_unit,
    parent,
    units_at,
)


def test_the_2025_list_has_34_provinces_and_3321_communes():
    """Quyết định 19/2025/QĐ-TTg: 34 provinces and 3,321 communes from 1 July 2025."""
    assert len(units_at(Level.PROVINCE, Structure.CURRENT)) == 34
    assert len(units_at(Level.COMMUNE, Structure.CURRENT)) == 3321
    assert units_at(Level.DISTRICT, Structure.CURRENT) == []


def test_the_2004_list_has_63_provinces_and_their_districts():
    assert len(units_at(Level.PROVINCE, Structure.LEGACY)) == 63
    assert 690 <= len(units_at(Level.DISTRICT, Structure.LEGACY)) <= 720


def test_a_commune_by_its_five_digit_code_with_its_province():
    commune = find_unit("06838")
    assert commune.name == "Xã Bình Liêu" and commune.level == Level.COMMUNE
    assert commune.bare_name == "Bình Liêu" and not commune.is_merging
    province = parent(commune)
    assert province is not None and province.code == "22" and province.is_merging


def test_a_legacy_commune_goes_up_through_its_district():
    commune = units_at(Level.COMMUNE, Structure.LEGACY)[0]
    district = parent(commune)
    assert district is not None and district.level == Level.DISTRICT
    assert commune in children(district)
    assert parent(district).level == Level.PROVINCE


def test_merging_units_reach_every_commune_under_them():
    province = find_unit("22")
    communes = communes_under(province)
    assert find_unit("06838") in communes
    assert all(c.level == Level.COMMUNE and c.parent_code == "22" for c in communes)
    assert communes_under(find_unit("06838")) == [find_unit("06838")]


@pytest.mark.parametrize(
    ("code", "structure", "message"),
    [
        ("6838", Structure.CURRENT, "mã tỉnh có 2 chữ số"),
        ("abcde", Structure.CURRENT, "mã tỉnh có 2 chữ số"),
        ("001", Structure.CURRENT, "không còn cấp huyện"),
        ("99999", Structure.CURRENT, "Không có đơn vị mã «99999»"),
    ],
)
def test_unknown_codes_are_refused_with_the_reason(code, structure, message):
    with pytest.raises(UnitError, match=message):
        find_unit(code, structure)
