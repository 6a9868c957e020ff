-- 有问题的编码
select �� from t;
