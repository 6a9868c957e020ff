# 在日志里找一个词
grep -n "PATTERN" LOCAL_FILE | grep -v 'EXCLUDE'
