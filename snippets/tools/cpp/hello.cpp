// 最小的 C++ 程序：打印一行，返回 0 表示成功
#include <iostream>

int main() {
    std::cout << "hello, C++17" << '\n';
    return 0;
}
