# 用项目词典切分一句话，看搜索索引会把哪些词当作整词
import sys
from pathlib import Path

import jieba

jieba.setLogLevel(60)  # jieba's DEBUG lines are not part of the answer
jieba.load_userdict(str(Path(__file__).resolve().parents[2] / "search" / "jieba-dict.txt"))
sentence = " ".join(sys.argv[1:]) or "用一致性哈希给分区表分片，并监控数据漂移"
print(" / ".join(jieba.lcut(sentence)))
