// RAII 与 unique_ptr：资源在对象离开作用域时自动释放，出了异常也一样；unique_ptr 独占所有权，用 std::move 转交
#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

// A resource that says when it is acquired and released.
class Connection {
public:
    explicit Connection(std::string name) : name_(std::move(name)) { std::cout << "open  " << name_ << '\n'; }
    ~Connection() { std::cout << "close " << name_ << '\n'; }
    Connection(const Connection&) = delete;  // one owner: copying would close it twice
    Connection& operator=(const Connection&) = delete;
    const std::string& name() const { return name_; }

private:
    std::string name_;
};

// Takes ownership: the connection is closed when this function returns.
void finish(std::unique_ptr<Connection> connection) { std::cout << "finish " << connection->name() << '\n'; }

void fail_halfway() {
    Connection scratch("scratch");
    throw std::runtime_error("query failed");  // scratch is still closed, during stack unwinding
}

int main() {
    {
        Connection local("local");
        std::cout << "use   " << local.name() << '\n';
    }  // local is closed here, at the closing brace

    auto owned = std::make_unique<Connection>("owned");
    finish(std::move(owned));  // ownership moves into finish(); owned is now empty
    std::cout << "owned is " << (owned ? "set" : "empty") << '\n';

    try {
        fail_halfway();
    } catch (const std::exception& error) {
        std::cout << "caught: " << error.what() << '\n';
    }

    // A C handle gets the same treatment: unique_ptr with fclose as its deleter.
    const std::unique_ptr<std::FILE, decltype(&std::fclose)> file(std::tmpfile(), &std::fclose);
    if (!file) {
        std::cerr << "cannot open a temporary file\n";
        return 1;
    }
    std::fputs("clicks\n", file.get());
    std::cout << "wrote " << std::ftell(file.get()) << " bytes\n";
}  // file is closed here
