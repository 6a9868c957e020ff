"""The news-feed capacity calculator: its figures, its units, its bad input, and the page built from it."""

from __future__ import annotations

import html
import os
import platform
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.helpers import DOCS, SNIPPETS, expect_file, record_run

FOLDER = SNIPPETS / "system-design" / "capacity"
NO_PYC = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")  # nothing written into snippets/
PAGE = DOCS / "system-design" / "capacity.md"
ASSUMPTIONS = (FOLDER / "assumptions.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def estimate(capacity):
    return capacity.Estimate(capacity.load_assumptions(ASSUMPTIONS))


def run_sh(folder: Path) -> subprocess.CompletedProcess:
    """Run the page's run.sh as a reader would, with this venv's python first on PATH."""
    env = dict(NO_PYC, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    return subprocess.run(["bash", "run.sh"], cwd=folder, env=env, capture_output=True, text=True)


def test_run_sh_regenerates_the_page_tables(tmp_path):
    work = tmp_path / "capacity"
    shutil.copytree(FOLDER, work, ignore=shutil.ignore_patterns("estimate.md", "__pycache__"))
    result = run_sh(work)
    assert result.returncode == 0, result.stderr
    by = f"Python {platform.python_version()}, pint {version('pint')}"
    expect_file(FOLDER / "estimate.md", (work / "estimate.md").read_text(encoding="utf-8"), by=by)
    for name in ("run.sh", "assumptions.toml", "feed_capacity.py"):
        record_run(FOLDER / name, by)


# Hand-checked arithmetic for the assumptions on the page (10 M DAU, 10 reads and 0.1 posts per user a day, ...).
POST_ZH_UTF8 = 24 + (100 + 500) * 3 + 10 * (24 + 100 * 3)  # ids+time, title+body, 10 comments = 5064 B
POST_ZH_UTF16 = 24 + (100 + 500) * 2 + 10 * (24 + 100 * 2)  # 3464 B
POST_EN_UTF8 = 24 + (100 + 500) * 1 + 10 * (24 + 100 * 1)  # 1864 B


@pytest.mark.parametrize(
    ("name", "unit", "expected"),
    [
        ("read_qps", "req/s", 10_000_000 * 10 / 86_400),
        ("write_qps", "req/s", 10_000_000 * 0.1 / 86_400),
        ("peak_read_qps", "req/s", 3 * 10_000_000 * 10 / 86_400),
        ("post_size", "B/post", POST_ZH_UTF8),
        ("text_per_day", "B/day", 1_000_000 * POST_ZH_UTF8),
        ("text_retained", "B", 1_000_000 * POST_ZH_UTF8 * 365 * 5),
        ("text_replicated", "B", 3 * 1_000_000 * POST_ZH_UTF8 * 365 * 5),
        ("images_per_day", "B/day", 1_000_000 * 0.2 * 200_000),
        ("images_retained", "B", 1_000_000 * 0.2 * 200_000 * 365 * 5),
        ("ingress", "B/s", 1_000_000 / 86_400 * (POST_ZH_UTF8 + 0.2 * 200_000)),
        ("egress_text", "B/s", 10_000_000 * 10 / 86_400 * 20 * POST_ZH_UTF8),
        ("egress_images", "B/s", 10_000_000 * 10 / 86_400 * 20 * 0.2 * 200_000),
        ("hot_posts", "post", 1_000_000 * 0.2),
        ("cache_size", "B", 1_000_000 * 0.2 * POST_ZH_UTF8),
        # fan-out: 200 follows per user, 800-entry timelines of 16 B, a celebrity with 5 M followers
        ("follows", "follow", 10_000_000 * 200),
        ("follows_size", "B", 10_000_000 * 200 * 2 * 2 * 8),
        ("fanout_rate", "entry/s", 1_000_000 * 200 / 86_400),
        ("peak_fanout_rate", "entry/s", 3 * 1_000_000 * 200 / 86_400),
        ("pull_rate", "lookup/s", 10_000_000 * 10 / 86_400 * 200),
        ("peak_pull_rate", "lookup/s", 3 * 10_000_000 * 10 / 86_400 * 200),
        ("celebrity_fanout", "entry", 5_000_000),
        ("celebrity_drain", "s", 5_000_000 / (3 * 1_000_000 * 200 / 86_400)),
        ("timeline_cache", "B", 10_000_000 * 800 * 16),
    ],
)
def test_figures_for_the_page_assumptions(estimate, name, unit, expected):
    assert getattr(estimate, name).to(unit).magnitude == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("language", "encoding", "per_char", "post"),
    [("中文", "utf-8", 3, POST_ZH_UTF8), ("中文", "utf-16", 2, POST_ZH_UTF16), ("English", "utf-8", 1, POST_EN_UTF8)],
)
def test_the_two_bytes_per_character_rule_holds_only_for_utf16(capacity, estimate, language, encoding, per_char, post):
    assert capacity.bytes_per_char(language, encoding).to("B/char").magnitude == per_char
    assert estimate.post_size_in(language, encoding).to("B/post").magnitude == post


DIMENSIONS = {
    "read_qps": "[request]/[time]",
    "write_qps": "[request]/[time]",
    "peak_write_qps": "[request]/[time]",
    "post_size": "[information]/[post]",
    "text_per_day": "[information]/[time]",
    "text_retained": "[information]",
    "images_per_day": "[information]/[time]",
    "ingress": "[information]/[time]",
    "egress_images": "[information]/[time]",
    "hot_posts": "[post]",
    "cache_size": "[information]",
    "follows_size": "[information]",
    "fanout_rate": "[entry]/[time]",
    "pull_rate": "[lookup]/[time]",
    "celebrity_drain": "[time]",
    "timeline_cache": "[information]",
}


@pytest.mark.parametrize(("name", "dimension"), DIMENSIONS.items())
def test_every_figure_has_the_unit_it_claims(estimate, name, dimension):
    assert getattr(estimate, name).check(dimension), f"{name} is {getattr(estimate, name).dimensionality}"


def test_push_writes_far_less_than_pull_reads_but_a_celebrity_post_is_a_backlog(estimate):
    """The numbers behind the hybrid feed: push is cheaper on average, except for accounts with huge followings."""
    # "两个数量级": the ratio is the read/write ratio times one, since follows and followers average the same
    assert estimate.pull_rate.to("lookup/s").magnitude / estimate.fanout_rate.to("entry/s").magnitude >= 99
    assert estimate.celebrity_drain.to("min").magnitude > 10  # "十分钟以上" of the peak-sized fan-out


def test_images_outweigh_text_per_post_by_an_order_but_per_day_by_only_a_few_times(estimate):
    """An image outweighs a post's text by more than tenfold, but images per day outweigh text per day by only a few
    times (only some posts carry one); images are most of the egress."""
    per_post = estimate.image_size.to("B/img").magnitude / estimate.post_size.to("B/post").magnitude
    assert per_post > 10, per_post
    per_day = (estimate.images_per_day / estimate.text_per_day).to("").magnitude
    assert 2 < per_day < 10, per_day
    assert estimate.egress_images > estimate.egress_text
    assert "一张图片比一帖的全部文字（连同评论）大一个量级以上" in PAGE.read_text(encoding="utf-8")


def test_the_follow_graph_fits_one_relational_database(estimate):
    assert estimate.follows_size.to("GB").magnitude < 1000


def test_the_timeline_cache_dwarfs_the_hot_post_cache(estimate):
    assert (estimate.timeline_cache / estimate.cache_size).to("").magnitude > 100


def test_per_day_and_per_second_agree_and_units_do_not_mix(capacity, estimate):
    Q = capacity.Q
    assert estimate.read_rate.to("req/day").magnitude == pytest.approx(estimate.read_qps.magnitude * 86_400)
    assert (estimate.text_per_day * Q(1, "year")).to("B").magnitude == pytest.approx(
        estimate.text_per_day.to("B/s").magnitude * 365 * 86_400
    )
    with pytest.raises(capacity.pint.DimensionalityError):
        estimate.read_qps + estimate.ingress  # requests per second are not bytes per second
    with pytest.raises(capacity.pint.DimensionalityError):
        estimate.text_per_day + estimate.text_retained  # a rate is not an amount


BAD = [
    ("not toml", "[traffic\n", "不是合法的 TOML"),
    ("missing key", ASSUMPTIONS.replace("peak_to_average = 3", ""), "peak_to_average: 缺少"),
    ("unknown key", ASSUMPTIONS.replace("[cache]", "[cache]\nhot_shares = 0.3"), "hot_shares: 未知的键"),
    ("unknown section", ASSUMPTIONS + "\n[disk]\nsize = 1\n", "[disk]: 未知的段"),
    ("negative", ASSUMPTIONS.replace("= 10_000_000", "= -5"), "daily_active_users: 需要一个正数"),
    ("text for a number", ASSUMPTIONS.replace("title_chars = 100", 'title_chars = "100"'), "title_chars"),
    ("boolean", ASSUMPTIONS.replace("replication_factor = 3", "replication_factor = true"), "replication_factor"),
    ("share above one", ASSUMPTIONS.replace("hot_share = 0.2", "hot_share = 20"), "hot_share: 是一个比例"),
    ("size in seconds", ASSUMPTIONS.replace('"200 kB"', '"200 s"'), "image_size: 需要一个带单位的正数"),
    ("unparsable size", ASSUMPTIONS.replace('"200 kB"', '"two hundred"'), "image_size"),
    ("duration in bytes", ASSUMPTIONS.replace('"5 year"', '"5 GB"'), "retention"),
    ("missing fan-out key", ASSUMPTIONS.replace("timeline_length = 800", ""), "[fanout] timeline_length: 缺少"),
    ("entry size as a count", ASSUMPTIONS.replace('"16 B"', "16"), "timeline_entry_size: 需要一个带单位的正数"),
    ("unknown encoding", ASSUMPTIONS.replace('"utf-8"', '"gbk"'), "encoding: 只能是"),
]


@pytest.mark.parametrize(("case", "text", "message"), BAD, ids=[case for case, _, _ in BAD])
def test_malformed_assumptions_are_rejected_by_name(capacity, case, text, message):
    with pytest.raises(capacity.AssumptionError, match=re.escape(message)):
        capacity.load_assumptions(text)


def test_the_command_line_reports_bad_input_and_exits_2(tmp_path):
    bad = tmp_path / "assumptions.toml"
    bad.write_text(ASSUMPTIONS.replace('"200 kB"', '"200 s"'), encoding="utf-8")
    script = FOLDER / "feed_capacity.py"
    result = subprocess.run([sys.executable, script, bad], env=NO_PYC, capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (2, "")
    assert "[images] image_size" in result.stderr and "Traceback" not in result.stderr


def page_prose(text: str) -> str:
    """The page without its directive blocks: what a writer typed by hand."""
    return re.sub(r"^(`{3,}).*?^\1\s*$", "", text, flags=re.S | re.M)


def test_no_number_on_the_page_is_typed_by_hand():
    prose = page_prose(PAGE.read_text(encoding="utf-8"))
    typed = [line for line in prose.splitlines() if re.search(r"\d", re.sub(r"UTF-(8|16)", "", line))]
    assert typed == [], "numbers on the capacity page must come from the calculator:\n" + "\n".join(typed)


def test_the_page_includes_every_table_of_the_estimate():
    regions = re.findall(r"^% \[start (\w+)\]", (FOLDER / "estimate.md").read_text(encoding="utf-8"), re.M)
    included = re.findall(r':start-after: "?% \[start (\w+)\]', PAGE.read_text(encoding="utf-8"))
    assert sorted(included) == sorted(regions) and len(regions) >= 6


def test_the_built_page_shows_a_fresh_runs_numbers(site, capacity, estimate):
    built = html.unescape(re.sub(r"<[^>]+>", " ", (site / "system-design" / "capacity.html").read_text("utf-8")))
    built = " ".join(built.split())
    fresh = capacity.markdown(estimate, "python feed_capacity.py assumptions.toml")
    for row in re.findall(r"^\| (.+) \|$", fresh, re.M):
        cells = [cell for cell in row.split(" | ") if not set(cell) <= {"-"}]
        assert " ".join(cells) in built, f"row missing from the built page: {row}"


def test_two_bytes_per_character_fails_outside_the_basic_plane_even_in_utf16():
    assert len("😀".encode("utf-16-le")) == 4 and len("😀".encode()) == 4
    assert len("中".encode()) == 3 and len("𠀀".encode()) == 4  # a rare CJK extension B character
