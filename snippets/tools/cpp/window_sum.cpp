// 一个真实的越界 bug：窗口求和的循环条件多写了一个 =，最后一次读到数组末尾之外
#include <cstddef>
#include <iostream>
#include <vector>

// The sum of `width` values starting at `start`.
int window_sum(const std::vector<int>& clicks, std::size_t start, std::size_t width) {
    int total = 0;
    for (std::size_t i = start; i <= start + width; ++i) {  // bug: `<=` reads clicks[start + width]
        total += clicks[i];
    }
    return total;
}

int main() {
    const std::vector<int> clicks = {3, 1, 4, 1, 5};
    std::cout << window_sum(clicks, 2, 3) << '\n';  // the last three values: 4 + 1 + 5
}
