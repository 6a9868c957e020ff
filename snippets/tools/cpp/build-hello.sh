# 用 C++17 编译 hello.cpp：打开常用警告，并把警告当成错误
g++ -std=c++17 -Wall -Wextra -Werror -O2 -o hello hello.cpp
