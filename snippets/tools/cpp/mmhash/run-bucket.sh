# 给一批 cuid 分桶：每行一个 cuid，输出 cuid 和它在实验层 LAYER 里的桶号
./user_bucket LAYER < cuids.txt
