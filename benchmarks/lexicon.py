"""Word lists behind the synthetic names; each entry is "Spelling/Variant/...=Script".

The first spelling is the canonical one; the script form (Arabic) is optional.
"""

Word = tuple[tuple[str, ...], str | None]


def parse(table: str) -> list[Word]:
    """ "Hussein/Husayn=حسين" -> (("Hussein", "Husayn"), "حسين")."""
    words: list[Word] = []
    for item in table.split():
        latin, _, script = item.replace("_", " ").partition("=")
        words.append((tuple(latin.split("/")), script or None))
    return words


ARABIC_GIVEN = parse("""
Mohammed/Muhammad/Mohamad/Mohamed/Muhammed/Mohammad=محمد Ahmed/Ahmad/Ahmet=أحمد Ali/Aly=علي
Hussein/Husayn/Hussain/Husein/Hossein=حسين Hassan/Hasan/Hasen=حسن Omar/Umar/Omer=عمر
Khaled/Khalid/Chaled=خالد Youssef/Yusuf/Yousef/Yussuf/Joussef=يوسف Ibrahim/Ebrahim/Ibraheem=إبراهيم
Mustafa/Mostafa/Moustafa/Mustapha=مصطفى Mahmoud/Mahmud/Mahmood=محمود Said/Saeed/Saiid=سعيد
Tariq/Tarek/Tarik/Tareq=طارق Jamal/Gamal/Djamal=جمال Saleh/Salih/Saleh=صالح Karim/Kareem=كريم
Rashid/Rachid/Rasheed=رشيد Nasser/Nasir/Naser/Nassir=ناصر Suleiman/Sulayman/Soliman/Slimane=سليمان
Othman/Uthman/Osman=عثمان Faisal/Faysal/Feisal=فيصل Mansour/Mansur/Mansoor=منصور
Yahya/Yehia/Yahia=يحيى Ziad/Ziyad/Zyad=زياد Hisham/Hicham/Hesham=هشام Walid/Waleed/Oualid=وليد
Adel/Adil/Aadil=عادل Amin/Ameen/Emin=أمين Hamza/Hamzah=حمزة Bilal/Belal=بلال
Ismail/Ismael/Esmail=إسماعيل Jafar/Jaafar/Djafar=جعفر Abbas/Abas=عباس Qasim/Kassem/Kasim/Qassem=قاسم
Anwar/Anouar/Anwer=أنور Fadi/Fady=فادي Samir/Sameer/Semir=سمير Bashir/Bachir/Basheer=بشير
Nabil/Nabeel=نبيل Ayman/Aiman/Eyman=أيمن Osama/Usama/Oussama=أسامة Haitham/Haytham/Heitham=هيثم
Marwan/Merwan=مروان Imad/Emad=عماد Fatima/Fatimah/Fatma=فاطمة Aisha/Aicha/Ayesha/Aysha=عائشة
Maryam/Mariam/Meryem=مريم Zainab/Zaynab/Zeinab=زينب Khadija/Khadijah/Khadidja=خديجة
Layla/Leila/Laila=ليلى Salma/Selma=سلمى Nour/Noor/Nur=نور Yasmin/Yasmine=ياسمين Amina/Aminah=أمينة
Huda/Houda/Hoda=هدى Rania/Raniya=رانيا Majid/Majeed/Madjid=ماجد Hamid/Hameed=حامد Zaid/Zayd/Zeid=زيد
Salim/Saleem/Selim=سليم Mounir/Munir/Muneer=منير Riad/Riyadh/Riyad=رياض Sami/Samy=سامي
""")

# Divine names after "Abd": "Abdul Rahman", "Abd al-Rahman", "Abdurrahman".
ABD_ROOTS = parse("""
Rahman/Rahmane/Rehman=الرحمن Rahim/Raheem=الرحيم Karim/Kareem=الكريم Aziz/Azeez=العزيز
Latif/Lateef=اللطيف Majid/Majeed=المجيد Hamid/Hameed=الحميد Razzaq/Razak/Razzak=الرزاق
Salam/Salaam=السلام Qadir/Kader/Qader=القادر Jabbar/Jabar=الجبار Wahab/Wahhab=الوهاب
Halim/Haleem=الحليم Hakim/Hakeem=الحكيم Malik/Malek=المالك Ghani/Ghany=الغني Basit/Baset=الباسط
Sattar/Satar=الستار Bari/Barie=الباري Nasser/Nasir=الناصر Hadi/Hady=الهادي Jalil/Jaleel=الجليل
""")

# Family and nisba roots that take the article: "al-Masri", "ash-Shammari".
ARABIC_ARTICLE_ROOTS = parse("""
Masri/Misri/Masry=مصري Baghdadi/Bagdadi=بغدادي Tikriti/Takriti=تكريتي Halabi/Halaby=حلبي
Shami/Chami=شامي Dimashqi/Dimashki=دمشقي Basri/Basry=بصري Kuwaiti/Kuweiti=كويتي Yamani/Yemeni=يمني
Tunisi/Tounsi=تونسي Maghribi/Maghrebi=مغربي Sudani/Soudani=سوداني Hijazi/Hejazi/Higazi=حجازي
Najdi/Nejdi=نجدي Mosuli/Mawsili/Moussuli=موصلي Homsi/Himsi=حمصي Ansari/Ansary=أنصاري
Hashimi/Hashemi/Hachemi=هاشمي Husseini/Husayni/Hosseini=حسيني Tamimi/Temimi=تميمي
Qahtani/Kahtani/Qahtany=قحطاني Otaibi/Utaybi/Oteibi=عتيبي Shammari/Shamari/Chammari=شمري
Dosari/Dawsari/Dossary=دوسري Ghamdi/Ghamedi=غامدي Zahrani/Zahrany=زهراني Harbi/Harby=حربي
Mutairi/Mutayri/Motairi=مطيري Shehri/Shahri=شهري Jubouri/Jaburi/Joubouri=جبوري Obeidi/Ubaydi=عبيدي
Douri/Duri/Dury=دوري Saadi/Sadi/Saedi=سعدي Zubaidi/Zubaydi/Zoubaidi=زبيدي Khazraji/Khazraji=خزرجي
Janabi/Jannabi=جنابي Dulaimi/Dulaymi/Doulaimi=دليمي Rawi/Rawy=راوي Kubaisi/Kubaysi/Kbeisi=كبيسي
Samarrai/Samarra'i/Samarai=سامرائي Azzawi/Azawi=عزاوي Kurdi/Kurdy=كردي Assad/Asad/Assaad=أسد
Rashid/Rasheed/Rachid=رشيد Sabah/Sabbah=صباح Thani/Sani/Thany=ثاني Najjar/Najar/Naggar=نجار
Khatib/Khateeb/Khatib=خطيب Haddad/Hadad=حداد Zein/Zayn/Zain=زين Sayed/Sayyid/Seyyed=سيد
Sharif/Cherif/Shareef=شريف Qadi/Kadi/Qazi=قاضي Atrash/Atrache=أطرش Nuaimi/Nuaymi/Noaimi=نعيمي
Suwaidi/Suwaydi/Sweidi=سويدي Kaabi/Kaebi=كعبي Mansouri/Mansuri=منصوري Dhaheri/Zahiri/Dhahiri=ظاهري
Tai/Taie/Taee=طائي Badri/Badry=بدري Fahd/Fahad=فهد Faraj/Farag=فرج Hakim/Hakeem=حكيم
""")

ARABIC_PLAIN_SURNAMES = parse("""
Haddad/Hadad=حداد Khoury/Khouri/Khuri=خوري
Nasrallah/Nasrullah/Nasr_Allah=نصر_الله Hamdan/Hamdane=حمدان
Barakat/Baraka=بركات Younis/Younes/Yunus=يونس Daoud/Dawood/Dawud=داود Hammoud/Hamoud/Hammud=حمود
Jaber/Jabir/Gaber=جابر Karam/Karem=كرم Sabbagh/Sabagh=صباغ Shaker/Shakir/Chaker=شاكر
Aziz/Azeez=عزيز Mahfouz/Mahfuz=محفوظ Ghanem/Ghanim=غانم Saad/Saed=سعد Abboud/Abbud=عبود
Hariri/Hareeri=حريري Moussa/Musa/Mousa=موسى Issa/Eissa/Isa=عيسى Hilal/Helal=هلال Awad/Awadh=عوض
""")

ARABIC_ORG_ROOTS = parse("""
Noor/Nour/Nur=نور Amal/Amel=أمل Fajr/Fadjr=فجر
Hilal/Helal=هلال Salam/Salaam=سلام Rafidain/Rafidayn=رافدين
Furat/Forat/Euphrat=فرات Khaleej/Khalij=خليج Sahara/Sahra=صحراء Wafa/Wafaa=وفاء Nahda/Nahdha=نهضة
Majd/Majed=مجد Rawda/Rawdah/Raouda=روضة Jazeera/Jazira/Jezira=جزيرة Sharq/Sharq=شرق Diyar/Diar=ديار
Baraka/Barakah=بركة Thuraya/Thurayya/Sorayya=ثريا Yamama/Yamamah=يمامة Zahra/Zahraa=زهراء
Safwa/Safwah=صفوة Bayan/Bayaan=بيان Ittihad/Itihad=اتحاد Tadamon/Tadamun=تضامن Sada/Sadaa=صدى
""")

ARABIC_ORG_TRADES: list[tuple[tuple[str, ...], str]] = [
    (("Trading", "Trade", "General Trading"), "للتجارة"),
    (("Contracting", "Contracting and Construction"), "للمقاولات"),
    (("Investment", "Investments"), "للاستثمار"),
    (("Transport", "Transportation", "Shipping"), "للنقل"),
    (("Money Exchange", "Exchange", "Currency Exchange"), "للصرافة"),
    (("Oil Services", "Petroleum Services"), "للخدمات النفطية"),
    (("Import and Export", "Import Export", "Import & Export"), "للاستيراد والتصدير"),
    (("Real Estate", "Real Estate Development"), "للعقارات"),
]

ARABIC_PLACE_HEADS = parse("""
Tell/Tall/Tel=تل Ain/Ayn/Ein=عين Deir/Dayr/Dair=دير Kafr/Kfar/Kefr=كفر Bir/Beer/Bi'r=بئر
Ras/Raas/Ra's=رأس Jabal/Jebel/Djebel=جبل Wadi/Oued/Wady=وادي Qasr/Ksar/Kasr=قصر Khan/Han=خان
""")

ARABIC_PLACE_ROOTS = parse("""
Abyad/Abiad/Abiyad=أبيض Ahmar/Ahmer=أحمر Zor/Zour/Zawr=زور Sultan/Soltan=سلطان Tin/Teen=تين
Hamra/Hamraa=حمراء Jadida/Jdida/Jedida=جديدة Qadim/Kadim/Qadeem=قديم Nasr/Nasser=نصر
Shams/Chams=شمس Kabir/Kebir/Kabeer=كبير Saghir/Sghir/Sagheer=صغير Rumman/Roumane=رمان
Zaytun/Zeitoun/Zaitoon=زيتون Nakhil/Nakheel=نخيل Basal/Bassal=بصل Sharqi/Charki/Sharki=شرقي
Gharbi/Gharby/Rharbi=غربي Shamali/Chamali=شمالي Janubi/Jenoubi/Ganubi=جنوبي Sabkha/Sebkha=سبخة
""")

PERSIAN_GIVEN = parse("""
Mohammad/Mohammed/Muhammad Hossein/Hosein/Husayn Reza/Riza/Resa Mehdi/Mahdi/Mehdy
Javad/Jawad/Djavad Saeed/Said/Sa'id Amir/Ameer Gholamreza/Gholam-Reza/Ghulam_Riza
Mohsen/Muhsin/Mohsin Farhad/Farhaad Dariush/Daryoush/Dariusz Kourosh/Kurosh/Koorosh
Bahram/Bahrom Parviz/Parvis/Perviz Shirin/Chirine Zahra/Zahrah Fatemeh/Fatima/Fatemah
Leila/Leyla/Layla Narges/Nargis Mahnaz/Mahnoz Ebrahim/Ibrahim Abolfazl/Abulfazl/Abol-Fazl
Mojtaba/Mujtaba Morteza/Murtaza/Mortaza Nasrin/Nasreen Soraya/Sorayya/Thurayya
""")

PERSIAN_SURNAMES = parse("""
Ahmadinejad/Ahmadinezhad/Ahmadi-Nejad Rafsanjani/Rafsandjani Khamenei/Khamene'i/Khamenehi
Rouhani/Rohani/Ruhani Mousavi/Musavi/Moussavi Hosseini/Hoseyni/Husseini Tehrani/Teherani
Shirazi/Chirazi Esfahani/Isfahani/Isfahany Tabrizi/Tabrizy Karimi/Karimy Rezaei/Rezaee/Rezai
Mohammadi/Muhammadi Hashemi/Hashimi Sadeghi/Sadeqi/Sadegi Jafari/Jafary/Ja'fari Ghorbani/Qorbani
Zarif/Zareef Larijani/Laridjani Nouri/Nuri/Noori Akbari/Akbary Bagheri/Baqeri/Bageri
Soleimani/Suleimani/Soleymani Rahimi/Rahimy Heidari/Haidari/Heydari Kazemi/Kazimi/Kazemy
Farahani/Farahany Najafi/Nadjafi Mirzaei/Mirzai/Mirzaee Ghasemi/Qasemi/Kasemi Abbasi/Abassi
""")

TURKISH_GIVEN = parse("""
Mehmet/Mehmed/Muhammet Ahmet/Ahmed Mustafa/Mustapha Hüseyin/Huseyin/Hueseyin Hasan/Hassan
İbrahim/Ibrahim Ömer/Omer/Oemer Yusuf/Jusuf Murat/Murad Emre/Emreh Osman/Othman Recep/Redjeb/Recep
Tayyip/Tayyib Ayşe/Ayse/Aysche Fatma/Fatima
Emine/Emina Zeynep/Zeynab Elif/Eliph Şükrü/Sukru/Schuekrue
Çağlar/Caglar/Tschaglar Gökhan/Gokhan/Goekhan Özge/Ozge/Oezge Erkan/Erkhan Serkan/Serkhan
Burak/Bourak Kemal/Kamal Selim/Salim Levent/Lewent Deniz/Denis Cem/Djem/Jem Halil/Khalil
""")

TURKISH_SURNAMES = parse("""
Yılmaz/Yilmaz/Yilmas Kaya/Kaja Demir/Demirr Şahin/Sahin/Schahin Çelik/Celik/Tschelik
Yıldız/Yildiz/Jildis Yıldırım/Yildirim Öztürk/Ozturk/Oeztuerk Aydın/Aydin/Aidin Özdemir/Ozdemir
Arslan/Aslan Doğan/Dogan Kılıç/Kilic/Kilitsch Çetin/Cetin/Tschetin Kara/Karra Koç/Koc/Kotsch
Kurt/Kourt Özkan/Ozkan/Oezkan Şimşek/Simsek/Schimschek Erdoğan/Erdogan Gül/Gul/Guel
Davutoğlu/Davutoglu Korkmaz/Korkmas Polat/Pollat Ergün/Ergun/Erguen Bulut/Boulout Güneş/Gunes
""")

WESTERN_GIVEN = parse("""
John/Jon/Johnny Michael/Mike/Michel Robert/Bob/Rob David/Dave William/Bill/Will James/Jim/Jimmy
Richard/Rick Thomas/Tom Christopher/Chris Daniel/Dan Joseph/Joe Peter/Pete Paul/Pablo
Mary/Marie Elizabeth/Liz/Elisabeth Sarah/Sara Anna/Ann/Anne Margaret/Maggie Catherine/Katherine/Kate
Jean/Jan Pierre/Piere Hans/Hanns Klaus/Claus Jürgen/Juergen/Jurgen José/Jose Juan/Joan
María/Maria Giovanni/Gianni Francesco/Franco Luca/Lucca Karl/Carl Stefan/Stephan/Steven
Henrik/Henrick Lars/Lasse Sören/Soren/Soeren Marek/Mareck Krzysztof/Krzystof Tomasz/Tomas
""")

WESTERN_SURNAMES = parse("""
Smith/Smyth Johnson/Jonson Williams/Wiliams Brown/Browne Jones/Jone Miller/Millar
Müller/Mueller/Muller Schmidt/Schmitt/Schmid Schneider/Schnieder Fischer/Fisher Weiß/Weiss/Weis
Schröder/Schroeder/Schroder O'Brien/OBrien/O_Brien MacDonald/McDonald/Mc_Donald O'Connor/OConnor
van_der_Berg/Van_den_Berg/Vandenberg de_la_Cruz/De_La_Cruz/Delacruz
García/Garcia Fernández/Fernandez
González/Gonzalez/Gonzales Rodríguez/Rodriguez Dubois/Du_Bois Lefèvre/Lefevre/Lefebvre Rossi/Rosi
Bianchi/Bianci Kowalski/Kovalski Nowak/Novak Jensen/Jenssen Andersson/Anderson Johansson/Johanson
Østergaard/Oestergaard/Ostergaard Nielsen/Nielson Moreau/Moreaux Ferrari/Ferrary Romano/Romanò
Wiśniewski/Wisniewski Dąbrowski/Dabrowski Lewandowski/Lewandowsky Bergström/Bergstrom/Bergstroem
""")

# Chinese: (pinyin, Wade-Giles, Cantonese/Hokkien) spellings.
CHINESE_SURNAMES = parse("""
Wang/Wong/Ong Li/Lee/Lei Zhang/Chang/Cheung Liu/Lau/Lew Chen/Chan/Tan Yang/Yeung/Yong
Huang/Hwang/Wong Zhao/Chao/Chiu Wu/Woo/Ng Zhou/Chou/Chow Xu/Hsu/Tsui Sun/Suen/Soon Ma/Mah/Mar
Zhu/Chu/Choo Hu/Hoo/Woo Guo/Kuo/Kwok He/Ho/Hoe Lin/Lam/Lim Gao/Kao/Ko Luo/Lo/Law
Zheng/Cheng/Cheng Liang/Leung/Leong Song/Sung/Soong Xie/Hsieh/Tse Tang/Tong/Tong Han/Hon/Hon
""")

CHINESE_SYLLABLES = parse("""
xiao/hsiao/siu ming/ming/meng jian/chien/kin hua/hua/wah wei/wei/wai jun/chun/kwan qing/ching/hing
zhi/chih/chi guo/kuo/kwok hong/hung/hung ping/ping/ping yong/yung/wing feng/feng/fung jie/chieh/kit
lin/lin/lam hai/hai/hoi dong/tung/tung xin/hsin/yan yu/yu/yue zhong/chung/chung cheng/cheng/ching
de/te/tak an/an/on bo/po/pok chao/chao/chiu tao/tao/to yi/i/yee lei/lei/lui peng/peng/pang
hui/hui/wai rong/jung/wing fang/fang/fong kai/kai/hoi
""")

WESTERN_ORG_WORDS = parse("""
Global/Globe Atlantic/Atlantik Pacific/Pacifique Northern/Nordic Eastern/Oriental Golden/Gold
Star/Stella Ocean/Oceanic Phoenix/Fenix Alpha/Alfa Delta/Dellta Summit/Sumit Crystal/Kristal
United/Unity Royal/Regal Silver/Silva Falcon/Falkon Horizon/Horizont Meridian/Meridien Vertex/Vertix
Sterling/Stirling Harbor/Harbour Pioneer/Pionier Trident/Tridente Zenith/Zenit Orion/Orient
""")

WESTERN_ORG_TRADES = parse("""
Shipping/Maritime Logistics/Logistic Holdings/Holding Trading/Trade Energy/Energie
Capital/Kapital Investments/Investment Mining/Minerals Technologies/Technology/Tech
Petroleum/Oil Chemicals/Chemical Metals/Metal Aviation/Aero Finance/Financial
""")

# Legal forms: templates around the name, each "{}" is the name.
LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    "llc": ("{} LLC", "{} L.L.C.", "{} Limited Liability Company", "{}, LLC"),
    "ltd": ("{} Ltd", "{} Ltd.", "{} Limited", "{} Company Limited"),
    "coltd": ("{} Co. Ltd", "{} Co., Ltd.", "{} Company Limited", "{} Co Ltd"),
    "sa": ("{} S.A.", "{} SA", "{} Sociedad Anónima", "{} Société Anonyme"),
    "gmbh": ("{} GmbH", "{} G.m.b.H.", "{} Gesellschaft mbH"),
    "inc": ("{} Inc.", "{} Inc", "{} Incorporated", "{} Corp."),
    "as": ("{} A.Ş.", "{} AS", "{} Anonim Şirketi"),
}
