/**
 * Passwords people pick first and attackers try first (the most common ones
 * of the public breach lists, and the local favourites: 拼音 names, 我爱你,
 * 520/1314, the product's own name), lower case. Only those of
 * 10 characters or more matter, since shorter ones are refused anyway. A
 * small list by design: it stops the guesses that are tried first; the length
 * rule and the login limiter do the rest.
 */
export const COMMON_PASSWORDS: readonly string[] = [
  '1234567890', '0987654321', '12345678910', '123456789a', 'a123456789', '1234567890a', '123456789q',
  'q123456789', '1234567891', '1234567899', '1234554321', '1122334455', '1111111111', '0000000000',
  '2222222222', '5555555555', '6666666666', '7777777777', '8888888888', '9999999999', '1212121212',
  '1231231231', '123123123123', '1234512345', '1234567812345678', '12345678900', '12345678901',
  '123456789123', '123456789012', '147258369147', '147852369147', '159753159753', '1357924680', '0123456789',
  '9876543210', '10203040506', '111111111111', '666666666666', '888888888888', '1111122222', '1234567890123',
  'qwertyuiop', 'qwertyuiop123', 'qwerty1234', 'qwerty12345', 'qwerty123456', 'qwertyuiop1', '1qaz2wsx3edc',
  '1q2w3e4r5t', '1q2w3e4r5t6y', '1q2w3e4r5t6y7u', 'q1w2e3r4t5', 'q1w2e3r4t5y6', 'zaq12wsxcde3',
  'zaq1zaq1zaq1', 'qazwsxedc123', 'qazwsxedcrfv', 'qazwsxedcrfvtgb', '1qazxsw23edc', 'zxcvbnm123',
  'zxcvbnm1234', 'asdfghjkl1', 'asdfghjkl123', 'asdfghjkl;', 'asdf1234asdf', 'qweasdzxc123', 'qweasdzxc1',
  '1qaz2wsx1qaz2wsx', 'asdfasdfasdf', 'qwerqwerqwer', 'abcdefghij', 'abcdefghijk', 'abcdefg123',
  'abcd123456', 'abc1234567', 'abc123456789', 'abc123abc123', 'aaaaaaaaaa', 'aaaaaa1111', 'a1b2c3d4e5',
  'a1a1a1a1a1', 'password', 'password1', 'password12', 'password123', 'password1234', 'password12345',
  'password123456', 'password!', 'passw0rd123', 'p@ssw0rd123', 'p@ssword123', 'password01', 'password2020',
  'password2021', 'password2022', 'password2023', 'password2024', 'password2025', 'password2026',
  'mypassword', 'mypassword1', 'mypassword123', 'newpassword', 'newpassword1', 'newpassword123',
  'changeme123', 'changemenow', 'letmein123', 'letmein1234', 'welcome123', 'welcome1234', 'welcome2024',
  'welcome2025', 'welcome2026', 'iloveyou12', 'iloveyou123', 'iloveyou1234', 'iloveyou!!', 'administrator',
  'admin123456', 'admin1234567', 'admin12345678', 'administrator1', 'administrator123', 'adminadmin',
  'adminadmin123', 'admin@123456', 'root123456', 'rootroot123', 'superman123', 'batman1234', 'football123',
  'baseball123', 'basketball', 'basketball1', 'princess123', 'sunshine123', 'starwars123', 'trustno1234',
  'whatever123', 'computer123', 'internet123', 'monkey123456', 'dragon123456', 'master123456',
  'shadow123456', 'michael123', 'jennifer123', 'charlie123', 'freedom123', 'login12345', 'test123456',
  'test1234567', 'testtest123', 'testing123', 'guest123456', 'user123456', 'qwerty123qwerty', 'woaini1314',
  'woaini520', 'woaini521', 'woaini123456', 'woaiwojia', '5201314520', '5201314123', '1314520520',
  '5211314521', 'woshishui', 'woshishui123', 'wangyang123', 'zhang123456', 'wang123456', 'li123456789',
  'liu123456789', 'chen123456', 'huang123456', 'zhangwei123', 'wangwei123', 'lilei123456', 'nihao123456',
  'beijing123', 'beijing2008', 'shanghai123', 'chongqing123', 'chongqing2026', 'zhongguo123', 'china123456',
  'china12345', 'zhaoshang', 'zhaoshang123', 'zhaoshangtong', 'zhaoshang-admin1', 'zhaoshang2026',
  'touzi123456', 'qq123456789', 'qq1234567890', 'aa123456789', 'aa12345678', '123456789aa', '123456aa123',
  '123qweasdzxc', '123qwe123qwe', '123qweasd', '123abc123abc', '789456123a', '7894561230', '741852963a',
  '147258369a', '159357456852', '3.1415926535', '31415926535', '1qaz@wsx3edc', '1qaz!qaz1qaz', 'p@ssw0rd!!',
  'passw0rd!1', 'abc@123456', 'abcd@123456', 'admin@12345', 'qwer@123456', 'qwer1234!@#$', 'iloveyou1314',
  'a12345678910', 'xiaoming123', '12qwaszx12qwaszx', '12qwaszx34erdfcv', '1a2s3d4f5g', '1a2b3c4d5e6f',
];
