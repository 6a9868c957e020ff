# 打开 AddressSanitizer 编译：-g 让报告带行号，-O1 让程序不至于太慢，-fno-omit-frame-pointer 让调用栈完整
g++ -std=c++17 -Wall -Wextra -Werror -g -O1 -fsanitize=address -fno-omit-frame-pointer -o window_sum window_sum.cpp
