-- The place names people write, for reading listing titles and callers' needs (issue 18): 郴州经开区, which the
-- office's own page names beside 郴州高新区; towns and zones as district aliases (天易 and 易俗河 are 湘潭县,
-- 昭山 is 岳塘区); and the region's industrial parks with the short names people use for them. Parks are
-- reference data like districts: every office of the region has them.

INSERT INTO districts (id, city_code, key, name, aliases) VALUES
    (33, 'CZ', 'chenzhou-etdz', '郴州经开区', '{郴州经济开发区,郴州经济技术开发区}');

UPDATE districts SET aliases = aliases || '{易俗河镇,天易,天易示范区,河口镇,花石镇,射埠镇,杨嘉桥镇,石潭镇,中路铺镇}'
WHERE key = 'xiangtan-county';
UPDATE districts SET aliases = aliases || '{九华示范区,九华经开区}' WHERE key = 'xiangtan-etdz';
UPDATE districts SET aliases = aliases || '{昭山,昭山示范区,荷塘街道}' WHERE key = 'yuetang';
UPDATE districts SET aliases = aliases || '{鹤岭镇,姜畲镇,楠竹山镇}' WHERE key = 'yuhu';
UPDATE districts SET aliases = aliases || '{郴州高新技术产业开发区}' WHERE key = 'chenzhou-hitech';
UPDATE districts SET aliases = aliases || '{许家洞镇}' WHERE key = 'suxian';

ALTER TABLE parks ADD COLUMN aliases text[] NOT NULL DEFAULT '{}';

INSERT INTO parks (name, district_id, address, latitude, longitude, description, aliases)
SELECT p.name, d.id, p.address, p.latitude, p.longitude, p.description, p.aliases
FROM (VALUES
    ('湘潭经开区', 'xiangtan-etdz', '湘潭市九华示范区', 27.9572, 112.8452,
        '国家级经济技术开发区，汽车及零部件、电子信息产业集聚。', '{九华工业园}'::text[]),
    ('湘潭高新区', 'xiangtan-hitech', '湘潭市岳塘区晓塘路', 27.8585, 112.9453,
        '国家级高新区，先进装备制造、新能源。', '{湘潭高新技术产业开发区}'),
    ('湘潭天易经开区', 'xiangtan-county', '湘潭县易俗河镇', 27.7789, 112.9531,
        '省级经开区，装备制造与食品加工。', '{天易经开区,天易工业园,湘潭天易示范区}'),
    ('湘乡经开区', 'xiangxiang', '湘乡市', NULL, NULL, '省级经开区。', '{湘乡经济开发区}'),
    ('韶山高新区', 'shaoshan', '韶山市', NULL, NULL, '省级高新区。', '{韶山高新技术产业开发区}'),
    ('郴州高新区', 'chenzhou-hitech', '郴州市苏仙区', 25.8236, 113.0612,
        '国家级高新区，电子信息与有色金属。', '{}'),
    ('郴州经开区', 'chenzhou-etdz', '郴州市', NULL, NULL, '省级经开区。', '{}'),
    ('临武高新区', 'linwu', '郴州市临武县舜峰镇', 25.2767, 112.5637,
        '省级高新区，有色金属精深加工、新材料。', '{临武经开区,临武工业园}'),
    ('资兴经开区', 'zixing', '资兴市', NULL, NULL, '省级经开区。', '{资兴经济开发区}'),
    ('桂阳高新区', 'guiyang', '桂阳县', NULL, NULL, '省级高新区。', '{桂阳工业园}'),
    ('宜章经开区', 'yizhang', '宜章县', NULL, NULL, '省级经开区。', '{宜章经济开发区}'),
    ('永兴经开区', 'yongxing', '永兴县', NULL, NULL, '省级经开区，稀贵金属再生利用。', '{永兴经济开发区}'),
    ('嘉禾经开区', 'jiahe', '嘉禾县', NULL, NULL, '省级经开区，铸造产业。', '{嘉禾经济开发区}'),
    ('汝城经开区', 'rucheng', '汝城县', NULL, NULL, '省级经开区。', '{汝城工业集中区}'),
    ('桂东经开区', 'guidong', '桂东县', NULL, NULL, '省级经开区。', '{桂东工业集中区}'),
    ('安仁经开区', 'anren', '安仁县', NULL, NULL, '省级经开区。', '{安仁工业集中区}')
) AS p (name, district_key, address, latitude, longitude, description, aliases)
JOIN districts d ON d.key = p.district_key
ON CONFLICT (name) DO UPDATE SET aliases = EXCLUDED.aliases;
