# 在本机模拟一次 streaming 作业：map → 按字节排序（和 Hadoop 的 shuffle 一致）→ reduce
./click_mapper < clicks.tsv | LC_ALL=C sort | ./sum_reducer
