"""Short realistic Vietnamese documents, one per taxonomy type, for the classification tests."""

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"

VKS = "VIỆN KIỂM SÁT NHÂN DÂN\nTỈNH BẮC NINH\n"
CQDT = "CÔNG AN TỈNH BẮC NINH\nCƠ QUAN CẢNH SÁT ĐIỀU TRA\n"
TOA = "TÒA ÁN NHÂN DÂN\nTHÀNH PHỐ BẮC NINH\n"

TEXTS: dict[str, str] = {
    "to_giac": MOTTO
    + """ĐƠN TỐ GIÁC TỘI PHẠM
Kính gửi: Cơ quan Cảnh sát điều tra Công an thành phố Bắc Ninh
Tôi tên là Phạm Thị Hoa, sinh năm 1975, trú tại phường Vũ Ninh.
Tôi xin tố giác hành vi lừa đảo chiếm đoạt tài sản của Đỗ Văn Long. Ngày 02/3/2023 anh Long
nhận của tôi 300.000.000 đồng hứa xin việc cho con tôi nhưng không thực hiện.
Đề nghị Cơ quan điều tra xác minh, xử lý theo pháp luật.
Bắc Ninh, ngày 10 tháng 3 năm 2023
Người tố giác
Phạm Thị Hoa""",
    "qd_khoi_to_vu_an": CQDT
    + MOTTO
    + """Số: 112/QĐ-CSĐT Bắc Ninh, ngày 05 tháng 4 năm 2023
QUYẾT ĐỊNH
KHỞI TỐ VỤ ÁN HÌNH SỰ
THỦ TRƯỞNG CƠ QUAN CẢNH SÁT ĐIỀU TRA CÔNG AN TỈNH BẮC NINH
Căn cứ Điều 143, 153 và 154 Bộ luật Tố tụng hình sự;
Xét thấy hành vi có dấu hiệu tội phạm Lừa đảo chiếm đoạt tài sản,
QUYẾT ĐỊNH:
Điều 1. Khởi tố vụ án hình sự Lừa đảo chiếm đoạt tài sản xảy ra tại phường Vũ Ninh,
quy định tại khoản 3 Điều 174 Bộ luật Hình sự.""",
    "qd_khoi_to_bi_can": CQDT
    + MOTTO
    + """Số: 45/QĐ-CSĐT Bắc Ninh, ngày 12 tháng 4 năm 2023
QUYẾT ĐỊNH KHỞI TỐ BỊ CAN
Căn cứ Quyết định khởi tố vụ án hình sự số 112/QĐ-CSĐT ngày 05 tháng 4 năm 2023;
QUYẾT ĐỊNH:
Khởi tố bị can Đỗ Văn Long, sinh ngày 14/7/1985, CCCD số 027085001234,
về tội Lừa đảo chiếm đoạt tài sản quy định tại điểm a khoản 3 Điều 174 Bộ luật Hình sự.
Điều tra viên Nguyễn Hữu Thắng chịu trách nhiệm thi hành.""",
    "qd_phe_chuan": VKS
    + MOTTO
    + """Số: 30/QĐ-VKS-P2 Bắc Ninh, ngày 13 tháng 4 năm 2023
QUYẾT ĐỊNH
PHÊ CHUẨN QUYẾT ĐỊNH KHỞI TỐ BỊ CAN
VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỈNH BẮC NINH
Căn cứ Điều 41, 165 và 179 Bộ luật Tố tụng hình sự;
Xét Quyết định khởi tố bị can số 45/QĐ-CSĐT ngày 12 tháng 4 năm 2023,
QUYẾT ĐỊNH:
Phê chuẩn Quyết định khởi tố bị can đối với bị can Đỗ Văn Long.""",
    "lenh_bat_tam_giam": CQDT
    + MOTTO
    + """Số: 15/LBTG-CSĐT Bắc Ninh, ngày 14 tháng 4 năm 2023
LỆNH BẮT BỊ CAN ĐỂ TẠM GIAM
Căn cứ Điều 113 và Điều 119 Bộ luật Tố tụng hình sự;
Bắt bị can để tạm giam đối với bị can Đỗ Văn Long, thời hạn tạm giam 04 tháng
tại Trại tạm giam Công an tỉnh Bắc Ninh.""",
    "lenh_kham_xet": CQDT
    + MOTTO
    + """Số: 09/LKX-CSĐT Bắc Ninh, ngày 14 tháng 4 năm 2023
LỆNH KHÁM XÉT
Căn cứ Điều 192 và 193 Bộ luật Tố tụng hình sự;
Khám xét chỗ ở của bị can Đỗ Văn Long tại số 12 đường Lý Thái Tổ, phường Suối Hoa.""",
    "bb_hoi_cung": CQDT
    + MOTTO
    + """BIÊN BẢN HỎI CUNG BỊ CAN
Hôm nay, hồi 08 giờ 30 phút, ngày 20 tháng 4 năm 2023, tại Trại tạm giam Công an tỉnh Bắc Ninh.
Điều tra viên Nguyễn Hữu Thắng tiến hành hỏi cung bị can Đỗ Văn Long.
Có mặt Kiểm sát viên Lê Thu Trang.
Hỏi: Anh hãy trình bày việc nhận tiền của bà Hoa?
Trả lời: Tôi nhận 300 triệu đồng hứa xin việc nhưng đã tiêu hết.""",
    "bb_lay_loi_khai": CQDT
    + MOTTO
    + """BIÊN BẢN LẤY LỜI KHAI
(Người làm chứng)
Hôm nay, vào lúc 14 giờ, ngày 22 tháng 4 năm 2023, tại trụ sở Cơ quan Cảnh sát điều tra.
Chúng tôi lấy lời khai của người làm chứng Trần Văn Bình, sinh năm 1980.
Hỏi: Anh biết gì về việc bà Hoa đưa tiền?
Trả lời: Tôi chứng kiến bà Hoa đưa tiền cho anh Long tại quán cà phê.""",
    "bb_kham_nghiem": CQDT
    + MOTTO
    + """BIÊN BẢN KHÁM NGHIỆM HIỆN TRƯỜNG
Hồi 09 giờ 00 ngày 03 tháng 5 năm 2023, chúng tôi tiến hành khám nghiệm hiện trường vụ trộm cắp
tại thôn Đông, xã Hòa Long. Hiện trường là ngôi nhà cấp 4, cửa chính bị cạy phá, kích thước 1,2 m x 2 m.
Có mặt Kiểm sát viên Lê Thu Trang và người làm chứng Ngô Văn Tư.""",
    "bb_thu_giu": CQDT
    + MOTTO
    + """BIÊN BẢN THU GIỮ, NIÊM PHONG VẬT CHỨNG
Hôm nay, ngày 03 tháng 5 năm 2023, tại thôn Đông, xã Hòa Long.
Tiến hành thu giữ của Vũ Văn Hải 01 xe mô tô biển số 99B1-234.56 và 01 điện thoại di động.
Vật chứng được niêm phong trong bì thư có chữ ký của các bên.""",
    "qd_trung_cau_giam_dinh": CQDT
    + MOTTO
    + """Số: 77/QĐ-CSĐT Bắc Ninh, ngày 06 tháng 5 năm 2023
QUYẾT ĐỊNH TRƯNG CẦU GIÁM ĐỊNH
Căn cứ Điều 205 và 206 Bộ luật Tố tụng hình sự;
QUYẾT ĐỊNH:
Trưng cầu Phòng Kỹ thuật hình sự Công an tỉnh Bắc Ninh giám định.
Nội dung cần giám định: dấu vết vân tay trên cánh cửa thu tại hiện trường.""",
    "kl_giam_dinh": "CÔNG AN TỈNH BẮC NINH\nPHÒNG KỸ THUẬT HÌNH SỰ\n"
    + MOTTO
    + """\
Số: 310/KL-KTHS Bắc Ninh, ngày 20 tháng 5 năm 2023
KẾT LUẬN GIÁM ĐỊNH
Theo Quyết định trưng cầu giám định số 77/QĐ-CSĐT ngày 06 tháng 5 năm 2023.
Đối tượng giám định: 02 dấu vết vân tay. Phương pháp giám định: so sánh đặc điểm.
Giám định viên Hoàng Minh Đức.
KẾT LUẬN: Dấu vết vân tay thu tại hiện trường trùng với vân tay của Vũ Văn Hải.""",
    "kl_dieu_tra": CQDT
    + MOTTO
    + """Số: 52/KLĐT-CSĐT Bắc Ninh, ngày 30 tháng 6 năm 2023
BẢN KẾT LUẬN ĐIỀU TRA
VỤ ÁN HÌNH SỰ LỪA ĐẢO CHIẾM ĐOẠT TÀI SẢN
Kết quả điều tra xác định: Đỗ Văn Long đã nhận 300.000.000 đồng của bà Phạm Thị Hoa.
Bị hại: bà Phạm Thị Hoa. Người làm chứng Trần Văn Bình.
Đề nghị truy tố bị can Đỗ Văn Long về tội Lừa đảo chiếm đoạt tài sản theo điểm a khoản 3
Điều 174 Bộ luật Hình sự.""",
    "cao_trang": VKS
    + MOTTO
    + """Số: 45/CT-VKS-P2 Bắc Ninh, ngày 18 tháng 9 năm 2023
CÁO TRẠNG
VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỈNH BẮC NINH
Căn cứ Bản kết luận điều tra số 52/KLĐT-CSĐT ngày 30 tháng 6 năm 2023;
QUYẾT ĐỊNH:
Truy tố ra trước Tòa án nhân dân tỉnh Bắc Ninh để xét xử bị can Đỗ Văn Long về tội Lừa đảo
chiếm đoạt tài sản theo điểm a khoản 3 Điều 174 Bộ luật Hình sự.""",
    "qd_dua_ra_xet_xu": "TÒA ÁN NHÂN DÂN\nTỈNH BẮC NINH\n"
    + MOTTO
    + """\
Số: 91/2023/QĐXXST-HS Bắc Ninh, ngày 10 tháng 10 năm 2023
QUYẾT ĐỊNH ĐƯA VỤ ÁN RA XÉT XỬ
Sau khi nghiên cứu hồ sơ vụ án hình sự sơ thẩm thụ lý số 79/2023/TLST-HS,
QUYẾT ĐỊNH:
Đưa vụ án ra xét xử sơ thẩm đối với bị cáo Đỗ Văn Long. Thời gian mở phiên tòa: 08 giờ
ngày 25 tháng 10 năm 2023. Xét xử công khai. Thẩm phán - Chủ tọa phiên tòa: Bà Ngô Thị Lan.""",
    "qd_dinh_chi": CQDT
    + MOTTO
    + """Số: 20/QĐ-CSĐT Bắc Ninh, ngày 15 tháng 8 năm 2023
QUYẾT ĐỊNH ĐÌNH CHỈ ĐIỀU TRA VỤ ÁN HÌNH SỰ
Căn cứ Điều 230 Bộ luật Tố tụng hình sự;
Xét thấy bị hại rút yêu cầu khởi tố,
QUYẾT ĐỊNH:
Đình chỉ điều tra vụ án hình sự Cố ý gây thương tích đối với bị can Lưu Văn Nam.""",
    "khang_nghi": VKS
    + MOTTO
    + """Số: 05/QĐ-VKS-P7 Bắc Ninh, ngày 08 tháng 11 năm 2023
QUYẾT ĐỊNH KHÁNG NGHỊ PHÚC THẨM
Xét Bản án hình sự sơ thẩm số 86/2023/HS-ST ngày 25 tháng 10 năm 2023 của Tòa án nhân dân tỉnh Bắc Ninh.
Căn cứ Điều 336 và 337 Bộ luật Tố tụng hình sự,
Kháng nghị toàn bộ bản án, đề nghị Tòa án cấp phúc thẩm xét xử phúc thẩm tăng hình phạt
đối với bị cáo Đỗ Văn Long.""",
    "ban_an": "TÒA ÁN NHÂN DÂN\nTỈNH BẮC NINH\n"
    + MOTTO
    + """Bản án số: 86/2023/HS-ST
Ngày: 25 - 10 - 2023
NHÂN DANH
NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TÒA ÁN NHÂN DÂN TỈNH BẮC NINH
Thành phần Hội đồng xét xử sơ thẩm gồm có: Thẩm phán - Chủ tọa phiên tòa: Bà Ngô Thị Lan.
Xét xử sơ thẩm công khai vụ án hình sự thụ lý số 79/2023/TLST-HS đối với bị cáo Đỗ Văn Long.
NHẬN ĐỊNH CỦA TÒA ÁN: xét thấy bị cáo phạm tội Lừa đảo chiếm đoạt tài sản.
QUYẾT ĐỊNH: Căn cứ điểm a khoản 3 Điều 174; điểm b, s khoản 1 Điều 51 Bộ luật Hình sự,
xử phạt bị cáo Đỗ Văn Long 08 năm tù.""",
    "don_khoi_kien": MOTTO
    + """Hà Nội, ngày 02 tháng 02 năm 2024
ĐƠN KHỞI KIỆN
Kính gửi: Tòa án nhân dân quận Cầu Giấy, thành phố Hà Nội
Người khởi kiện: Bà Nguyễn Thị Mai, sinh năm 1970, trú tại phường Dịch Vọng.
Người bị kiện: Ông Trần Quốc Toản, trú tại phường Quan Hoa.
Yêu cầu Tòa án giải quyết buộc ông Toản trả số tiền vay 500.000.000 đồng theo Điều 463
và Điều 466 Bộ luật Dân sự.""",
    "thong_bao_thu_ly": "TÒA ÁN NHÂN DÂN\nQUẬN CẦU GIẤY\n"
    + MOTTO
    + """\
Số: 150/TB-TLVA Hà Nội, ngày 20 tháng 02 năm 2024
THÔNG BÁO
VỀ VIỆC THỤ LÝ VỤ ÁN
Tòa án nhân dân quận Cầu Giấy đã thụ lý vụ án dân sự sơ thẩm số 35/2024/TLST-DS
về việc tranh chấp hợp đồng vay tài sản giữa nguyên đơn Nguyễn Thị Mai và bị đơn Trần Quốc Toản.""",
    "bb_hoa_giai": "TÒA ÁN NHÂN DÂN\nQUẬN CẦU GIẤY\n"
    + MOTTO
    + """BIÊN BẢN HÒA GIẢI
Hôm nay, ngày 15 tháng 3 năm 2024, tại trụ sở Tòa án nhân dân quận Cầu Giấy tiến hành phiên hòa giải
vụ án dân sự thụ lý số 35/2024/TLST-DS. Nguyên đơn: Bà Nguyễn Thị Mai. Bị đơn: Ông Trần Quốc Toản.
Các đương sự thỏa thuận được với nhau về việc trả nợ.""",
    "qd_cong_nhan_thoa_thuan": "TÒA ÁN NHÂN DÂN\nQUẬN CẦU GIẤY\n"
    + MOTTO
    + """\
Số: 1797/2024/QĐST-DS Hà Nội, ngày 25 tháng 3 năm 2024
QUYẾT ĐỊNH
CÔNG NHẬN SỰ THỎA THUẬN CỦA CÁC ĐƯƠNG SỰ
Căn cứ Điều 212 và Điều 213 Bộ luật Tố tụng dân sự;
Căn cứ biên bản hòa giải thành ngày 15 tháng 3 năm 2024,
Công nhận sự thỏa thuận của các đương sự: bị đơn Trần Quốc Toản trả cho nguyên đơn Nguyễn Thị Mai 500.000.000 đồng.""",
    "tai_lieu_chung_cu": MOTTO
    + """HỢP ĐỒNG VAY TIỀN
Hôm nay, ngày 01 tháng 6 năm 2022, tại Hà Nội, chúng tôi gồm:
BÊN A (bên cho vay): Bà Nguyễn Thị Mai, CCCD số 001170001234.
BÊN B (bên vay): Ông Trần Quốc Toản.
Bên A đồng ý cho Bên B vay số tiền 500.000.000 đồng, thời hạn 12 tháng, lãi suất 1%/tháng.""",
    "khac": "VIỆN KIỂM SÁT NHÂN DÂN\nTỈNH BẮC NINH\n"
    + MOTTO
    + """Số: 210/VKS-VP Bắc Ninh, ngày 04 tháng 12 năm 2023
V/v báo cáo công tác tháng 11
Kính gửi: Viện kiểm sát nhân dân tối cao
Viện kiểm sát nhân dân tỉnh Bắc Ninh báo cáo kết quả công tác tháng 11 năm 2023 như sau.""",
}
