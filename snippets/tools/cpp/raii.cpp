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

// Takes ownership: the connection is closed when the parameter is destroyed, before the caller's next statement
// (when this function returns or at the end of the caller's full-expression: the implementation decides).
void finish(std::unique_ptr<Connection> connection) { std::cout << "finish " << connection->name() << '\n'; }

// The deleter of a FILE handle: unique_ptr calls it with the pointer, and only when it is not null.
struct CloseFile {
    void operator()(std::FILE* file) const { std::fclose(file); }
};

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

    // A C handle gets the same treatment: unique_ptr with a deleter that calls fclose.
    const std::unique_ptr<std::FILE, CloseFile> file(std::tmpfile());
    if (!file) {
        std::cerr << "cannot open a temporary file\n";
        return 1;
    }
    std::fputs("clicks\n", file.get());
    std::cout << "wrote " << std::ftell(file.get()) << " bytes\n";
}  // file is closed here
