# 按 assumptions.toml 重新计算容量估算，生成页面上的表
python feed_capacity.py assumptions.toml > estimate.md
