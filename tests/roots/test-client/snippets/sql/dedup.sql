-- 按键去重，每个键保留一行
select distinct KEY_COLUMN
from TABLE_NAME
where dt = 'DAY' and note <> 'NOTE';
