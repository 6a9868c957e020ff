# 按 Makefile 编译 libMMHash.so 和 user_bucket
make
