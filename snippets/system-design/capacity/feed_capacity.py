# 新闻 feed 的容量估算：读假设文件，算出 QPS、存储、带宽和缓存，输出页面用的 Markdown 表
"""Capacity estimate of a news feed, computed with units so that slips cannot hide.

Every quantity carries its unit (pint): requests per second cannot be added to bytes, and a
per-day figure must be converted before it is compared with a per-second one. Sizes use
decimal prefixes (1 kB = 1000 B, as disks and network links are sold); a year is 365 days.

Usage: python feed_capacity.py ASSUMPTIONS.toml > estimate.md
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pint

# [start units]
ureg = pint.UnitRegistry(None)  # an empty registry: only the units below exist
for definition in [
    "second = [time] = s",
    "minute = 60 second = min",
    "hour = 60 minute = h",
    "day = 24 hour = d",
    "year = 365 day = yr",
    "byte = [information] = B",
    "bit = byte / 8 = b",
    "user = [user]",
    "request = [request] = req",
    "post = [post]",
    "image = [image] = img",
    "character = [character] = char",
    "follow = [follow]",
    "entry = [entry]",
    "lookup = [lookup]",
    "kilo- = 1e3 = k-",
    "mega- = 1e6 = M-",
    "giga- = 1e9 = G-",
    "tera- = 1e12 = T-",
    "peta- = 1e15 = P-",
]:
    ureg.define(definition)
Q = ureg.Quantity
# [end units]

ENCODINGS = {"utf-8": "UTF-8", "utf-16": "UTF-16"}
# Bytes per character are measured by encoding a sample, not typed in.
SAMPLES = {"中文": "新闻推荐系统", "English": "news feed"}
BYTE_ORDER = {"utf-16": "utf-16-le"}  # no byte-order mark: it is per file, not per character


class AssumptionError(ValueError):
    """The assumptions file is malformed: the message names the key and what it needs."""


# (section, key) -> kind. "count" > 0, "share" in (0, 1], "size"/"duration" are quantity strings.
SPEC = {
    ("traffic", "daily_active_users"): "count",
    ("traffic", "feed_reads_per_user_per_day"): "count",
    ("traffic", "posts_per_user_per_day"): "count",
    ("traffic", "peak_to_average"): "count",
    ("traffic", "posts_per_feed_page"): "count",
    ("post", "id_size"): "size",
    ("post", "timestamp_size"): "size",
    ("post", "title_chars"): "count",
    ("post", "body_chars"): "count",
    ("post", "comments_per_post"): "count",
    ("post", "comment_chars"): "count",
    ("post", "language"): tuple(SAMPLES),
    ("post", "encoding"): tuple(ENCODINGS),
    ("images", "share_of_posts_with_image"): "share",
    ("images", "image_size"): "size",
    ("storage", "replication_factor"): "count",
    ("storage", "retention"): "duration",
    ("cache", "hot_share"): "share",
    ("cache", "hot_window"): "duration",
    ("fanout", "follows_per_user"): "count",
    ("fanout", "timeline_length"): "count",
    ("fanout", "timeline_entry_size"): "size",
    ("fanout", "celebrity_followers"): "count",
}
DIMENSIONS = {"size": ("[information]", '"200 kB"'), "duration": ("[time]", '"5 year"')}


def _value(section: str, key: str, raw, kind):
    where = f"[{section}] {key}"
    if isinstance(kind, tuple):
        if raw not in kind:
            raise AssumptionError(f"{where}: 只能是 {' / '.join(kind)}，得到 {raw!r}")
        return raw
    if kind in DIMENSIONS:
        dimension, example = DIMENSIONS[kind]
        try:
            quantity = Q(raw) if isinstance(raw, str) else None
        except (pint.errors.PintError, ValueError, TypeError, AttributeError):
            quantity = None
        if quantity is None or not quantity.check(dimension) or quantity.magnitude <= 0:
            raise AssumptionError(f"{where}: 需要一个带单位的正数，例如 {example}，得到 {raw!r}")
        return quantity
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw <= 0:
        raise AssumptionError(f"{where}: 需要一个正数，得到 {raw!r}")
    if kind == "share" and raw > 1:
        raise AssumptionError(f"{where}: 是一个比例，应在 0 与 1 之间，得到 {raw!r}")
    return raw


def load_assumptions(text: str) -> dict[str, object]:
    """Parse and check the TOML text; every key of SPEC is required and no other key is allowed."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise AssumptionError(f"不是合法的 TOML：{error}") from None
    known = {section for section, _ in SPEC}
    for section, table in data.items():
        if section not in known or not isinstance(table, dict):
            raise AssumptionError(f"[{section}]: 未知的段")
        for key in table:
            if (section, key) not in SPEC:
                raise AssumptionError(f"[{section}] {key}: 未知的键（拼错了？）")
    values = {}
    for (section, key), kind in SPEC.items():
        if key not in data.get(section, {}):
            raise AssumptionError(f"[{section}] {key}: 缺少这个键")
        values[key] = _value(section, key, data[section][key], kind)
    return values


def bytes_per_char(language: str, encoding: str):
    sample = SAMPLES[language]
    return Q(len(sample.encode(BYTE_ORDER.get(encoding, encoding))) / len(sample), "B/char")


# [start model]
@dataclass
class Estimate:
    """Every figure of the page, each a pint Quantity with its unit."""

    a: dict

    def __post_init__(self):
        a = self.a
        self.dau = Q(a["daily_active_users"], "user")
        self.read_rate = self.dau * Q(a["feed_reads_per_user_per_day"], "req/user/day")
        self.post_rate = self.dau * Q(a["posts_per_user_per_day"], "post/user/day")
        self.write_rate = self.post_rate * Q(1, "req/post")  # one write request per new post
        self.read_qps = self.read_rate.to("req/s")
        self.write_qps = self.write_rate.to("req/s")
        self.peak_read_qps = self.read_qps * a["peak_to_average"]
        self.peak_write_qps = self.write_qps * a["peak_to_average"]
        self.post_size = self.post_size_in(a["language"], a["encoding"])
        self.text_per_day = (self.post_rate * self.post_size).to("B/day")
        self.text_retained = (self.text_per_day * a["retention"]).to("B")
        self.text_replicated = self.text_retained * a["replication_factor"]
        self.images_per_post = Q(a["share_of_posts_with_image"], "img/post")
        self.image_size = a["image_size"] / Q(1, "img")
        self.images_per_day = (self.post_rate * self.images_per_post * self.image_size).to("B/day")
        self.images_retained = (self.images_per_day * a["retention"]).to("B")
        page = Q(a["posts_per_feed_page"], "post/req")
        self.ingress = (self.post_rate * (self.post_size + self.images_per_post * self.image_size)).to("B/s")
        self.egress_text = (self.read_qps * page * self.post_size).to("B/s")
        self.egress_images = (self.read_qps * page * self.images_per_post * self.image_size).to("B/s")
        self.hot_posts = (self.post_rate * a["hot_window"] * a["hot_share"]).to("post")
        self.cache_size = (self.hot_posts * self.post_size).to("B")
        # Who follows whom: one row per follow, stored twice (by follower and by followee) to answer both ways.
        self.follows = (self.dau * Q(a["follows_per_user"], "follow/user")).to("follow")
        self.follows_size = (self.follows * 2 * 2 * a["id_size"] / Q(1, "follow")).to("B")
        # Push: every new post becomes one timeline entry per follower. Pull: every read looks up each author followed.
        fanout = Q(a["follows_per_user"], "entry/post")
        self.fanout_rate = (self.post_rate * fanout).to("entry/s")
        self.peak_fanout_rate = self.fanout_rate * a["peak_to_average"]
        self.pull_rate = (self.read_qps * Q(a["follows_per_user"], "lookup/req")).to("lookup/s")
        self.peak_pull_rate = self.pull_rate * a["peak_to_average"]
        self.celebrity_fanout = Q(a["celebrity_followers"], "entry")
        self.celebrity_drain = (self.celebrity_fanout / self.peak_fanout_rate).to("min")
        entry_size = a["timeline_entry_size"] / Q(1, "entry")
        self.timeline_cache = (self.dau * Q(a["timeline_length"], "entry/user") * entry_size).to("B")

    def post_size_in(self, language: str, encoding: str):
        a, per_char = self.a, bytes_per_char(language, encoding)
        ids_and_time = 2 * a["id_size"] + a["timestamp_size"]  # post_id, author_id, created_at
        text = Q(a["title_chars"] + a["body_chars"], "char") * per_char
        comment = 2 * a["id_size"] + a["timestamp_size"] + Q(a["comment_chars"], "char") * per_char
        return ((ids_and_time + text + a["comments_per_post"] * comment) / Q(1, "post")).to("B/post")


# [end model]


def size(quantity) -> str:
    """A byte amount or a byte rate, with the largest decimal prefix that keeps the number >= 1."""
    per = "/s" if quantity.check("[information]/[time]") else ""
    for prefix in ("PB", "TB", "GB", "MB", "kB", "B"):
        value = quantity.to(prefix + per).magnitude
        if value >= 1 or prefix == "B":
            return f"{value:,.1f}".removesuffix(".0") + f" {prefix}{per}"
    raise AssertionError("unreachable")


def bits(quantity) -> str:
    """A byte rate as link speed: bits per second with the largest prefix that keeps the number >= 1."""
    for prefix in ("Tb", "Gb", "Mb", "kb", "b"):
        value = quantity.to(prefix + "/s").magnitude
        if value >= 1 or prefix == "b":
            return f"{value:,.1f}".removesuffix(".0") + f" {prefix}it/s"
    raise AssertionError("unreachable")


def count(quantity, unit: str) -> str:
    """A count or a rate in the given unit: whole numbers from 100 up, one decimal below."""
    value = quantity.to(unit).magnitude
    return (f"{value:,.0f}" if value >= 100 else f"{value:,.1f}".removesuffix(".0")) + f" {unit}"


def number(x) -> str:
    return f"{x:,}" if isinstance(x, int) else f"{x:g}"


def markdown(e: Estimate, command: str) -> str:
    a, out = e.a, []

    def table(region: str, header: str, rows: list[tuple[str, ...]]):
        out.append(f"% [start {region}]")
        out.append(header)
        out.append("|" + "---|" * (header.count("|") - 1))
        out.extend("| " + " | ".join(row) + " |" for row in rows)
        out.append(f"% [end {region}]")
        out.append("")

    peak = number(a["peak_to_average"])
    per_day = f"{Q(1, 'day').to('s').magnitude:,.0f} 秒/天"
    out.append(f"% 由 `{command}` 生成，不要手改。")
    out.append("")
    table(
        "qps",
        "| 项目 | 算式 | 结果 |",
        [
            (
                "读 QPS（平均）",
                f"{number(a['daily_active_users'])} 用户 × {number(a['feed_reads_per_user_per_day'])}"
                f" 次/天 ÷ {per_day}",
                count(e.read_qps, "req/s"),
            ),
            ("读 QPS（峰值）", f"平均 × {peak}", count(e.peak_read_qps, "req/s")),
            (
                "写 QPS（平均）",
                f"{number(a['daily_active_users'])} 用户 × {number(a['posts_per_user_per_day'])} 帖/天 ÷ {per_day}",
                count(e.write_qps, "req/s"),
            ),
            ("写 QPS（峰值）", f"平均 × {peak}", count(e.peak_write_qps, "req/s")),
            ("读写比", "读 QPS ÷ 写 QPS", f"{(e.read_qps / e.write_qps).to('').magnitude:,.0f} : 1"),
        ],
    )
    years = number(a["retention"].to("year").magnitude)
    days = f"{a['retention'].to('day').magnitude:,.0f} 天"
    rows = []
    for language in SAMPLES:
        for encoding, name in ENCODINGS.items():
            per_post = e.post_size_in(language, encoding)
            rows.append(
                (
                    language,
                    name,
                    count(bytes_per_char(language, encoding), "B/char"),
                    size(per_post * Q(1, "post")),
                    size((e.post_rate * per_post).to("B/day") * Q(1, "day")),
                    size((e.post_rate * per_post * a["retention"]).to("B")),
                )
            )
    table("encodings", f"| 文字 | 编码 | 每字符 | 单帖 | 每天新增 | {years} 年 |", rows)
    ids = 2 * a["id_size"] + a["timestamp_size"]
    table(
        "post",
        "| 组成部分 | 算式 | 大小 |",
        [
            ("post_id、author_id、时间戳", f"{size(a['id_size'])} × 2 + {size(a['timestamp_size'])}", size(ids)),
            (
                "标题与正文",
                f"({number(a['title_chars'])} + {number(a['body_chars'])}) 字符 × "
                f"{count(bytes_per_char(a['language'], a['encoding']), 'B/char')}",
                size(Q(a["title_chars"] + a["body_chars"], "char") * bytes_per_char(a["language"], a["encoding"])),
            ),
            (
                "评论",
                f"{number(a['comments_per_post'])} 条 × (两个 id + 时间戳 + {number(a['comment_chars'])} 字符)",
                size(
                    e.post_size * Q(1, "post")
                    - ids
                    - Q(a["title_chars"] + a["body_chars"], "char") * bytes_per_char(a["language"], a["encoding"])
                ),
            ),
            ("单帖合计", f"{a['language']}，{ENCODINGS[a['encoding']]}", size(e.post_size * Q(1, "post"))),
        ],
    )
    replicas = number(a["replication_factor"])
    table(
        "storage",
        "| 项目 | 算式 | 结果 |",
        [
            (
                "每天新帖",
                f"{number(a['daily_active_users'])} 用户 × {number(a['posts_per_user_per_day'])} 帖/天",
                count(e.post_rate, "post/day"),
            ),
            ("帖子文字，每天", "每天新帖 × 单帖", size(e.text_per_day * Q(1, "day"))),
            (f"帖子文字，{years} 年", f"每天 × {days}", size(e.text_retained)),
            (f"帖子文字，{years} 年含副本", f"× {replicas} 个副本", size(e.text_replicated)),
            (
                "图片，每天（对象存储）",
                f"每天新帖 × {number(a['share_of_posts_with_image'])} × {size(a['image_size'])}",
                size(e.images_per_day * Q(1, "day")),
            ),
            (f"图片，{years} 年（对象存储）", f"每天 × {days}", size(e.images_retained)),
            (
                "关注关系（SQL，只算日活用户）",
                f"{number(a['daily_active_users'])} 用户 × {number(a['follows_per_user'])} 个关注"
                f" × 两个 id × 正反两个方向",
                size(e.follows_size),
            ),
        ],
    )
    page = number(a["posts_per_feed_page"])
    table(
        "bandwidth",
        "| 方向 | 算式 | 平均 | 峰值 | 峰值链路 |",
        [
            (
                "入口（发帖与上传图片）",
                "写入速率 × (单帖 + 图片占比 × 单图)",
                size(e.ingress),
                size(e.ingress * a["peak_to_average"]),
                bits(e.ingress * a["peak_to_average"]),
            ),
            (
                "出口：帖子文字",
                f"读 QPS × {page} 帖/次 × 单帖",
                size(e.egress_text),
                size(e.egress_text * a["peak_to_average"]),
                bits(e.egress_text * a["peak_to_average"]),
            ),
            (
                "出口：图片（大部分由 CDN 承担）",
                f"读 QPS × {page} 帖/次 × {number(a['share_of_posts_with_image'])} × {size(a['image_size'])}",
                size(e.egress_images),
                size(e.egress_images * a["peak_to_average"]),
                bits(e.egress_images * a["peak_to_average"]),
            ),
        ],
    )
    follows = number(a["follows_per_user"])
    table(
        "fanout",
        "| 项目 | 算式 | 结果 |",
        [
            ("推：写时间线（平均）", f"写 QPS × {follows} 个粉丝", count(e.fanout_rate, "entry/s")),
            ("推：写时间线（峰值）", f"平均 × {peak}", count(e.peak_fanout_rate, "entry/s")),
            ("拉：读作者的帖子列表（平均）", f"读 QPS × 关注的 {follows} 个账号", count(e.pull_rate, "lookup/s")),
            ("拉：读作者的帖子列表（峰值）", f"平均 × {peak}", count(e.peak_pull_rate, "lookup/s")),
            ("推：大 V 发一帖要写", f"{number(a['celebrity_followers'])} 个粉丝", count(e.celebrity_fanout, "entry")),
            ("推：大 V 这一帖写完要多久", "大 V 发一帖要写 ÷ 推的峰值速率", count(e.celebrity_drain, "min")),
        ],
    )
    window = number(a["hot_window"].to("day").magnitude)
    length = number(a["timeline_length"])
    table(
        "cache",
        "| 项目 | 算式 | 结果 |",
        [
            ("热帖数", f"每天新帖 × {window} 天 × {number(a['hot_share'])}", count(e.hot_posts, "post")),
            ("热帖缓存（只放文字）", "热帖数 × 单帖", size(e.cache_size)),
            (f"热帖缓存（含 {replicas} 个副本）", f"× {replicas}", size(e.cache_size * a["replication_factor"])),
            (
                "时间线缓存（推模式）",
                f"{number(a['daily_active_users'])} 用户 × {length} 条 × {size(a['timeline_entry_size'])}",
                size(e.timeline_cache),
            ),
            (
                f"时间线缓存（含 {replicas} 个副本）",
                f"× {replicas}",
                size(e.timeline_cache * a["replication_factor"]),
            ),
        ],
    )
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("用法：python feed_capacity.py ASSUMPTIONS.toml", file=sys.stderr)
        return 2
    path = Path(argv[1])
    try:
        assumptions = load_assumptions(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, AssumptionError) as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(markdown(Estimate(assumptions), f"python feed_capacity.py {path.name}"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
