-- Schema version 2: county codes (6-digit national administrative division codes, GB/T 2260) for the
-- open platform's stock call, looked up from an order's province / city / district names. Shops import
-- the full table with `haierctl regions import FILE.csv`; the rows below cover the demo data's places.
CREATE TABLE console_region_codes (
    province VARCHAR(50) NOT NULL,
    city VARCHAR(50) NOT NULL,
    district VARCHAR(50) NOT NULL,
    county_code VARCHAR(6) NOT NULL,
    PRIMARY KEY (province, city, district)
);
CREATE INDEX console_ix_region_district ON console_region_codes(district);
INSERT INTO console_region_codes (province, city, district, county_code) VALUES
    ('山东省', '青岛市', '崂山区', '370212'),
    ('山东省', '青岛市', '市南区', '370202'),
    ('山东省', '济南市', '历下区', '370102'),
    ('北京市', '北京市', '朝阳区', '110105'),
    ('北京市', '北京市', '海淀区', '110108'),
    ('上海市', '上海市', '浦东新区', '310115'),
    ('上海市', '上海市', '徐汇区', '310104'),
    ('广东省', '广州市', '天河区', '440106'),
    ('广东省', '深圳市', '南山区', '440305'),
    ('浙江省', '杭州市', '西湖区', '330106'),
    ('江苏省', '南京市', '鼓楼区', '320106'),
    ('四川省', '成都市', '武侯区', '510107'),
    ('湖北省', '武汉市', '洪山区', '420111'),
    ('河南省', '郑州市', '金水区', '410105'),
    ('陕西省', '西安市', '雁塔区', '610113'),
    ('辽宁省', '沈阳市', '和平区', '210102'),
    ('福建省', '厦门市', '思明区', '350203');
