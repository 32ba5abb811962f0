// UI texts of <ponte-slot-picker>, and names of months, weekdays and
// languages where the browser's Intl has none (Chromium ships no Tigrinya
// calendar names, for instance).
//
// Translations are a first version for review by the network's mediators,
// who speak every one of these languages: keep each entry short and plain.
// Numbers are written "label: n" so no language needs plural rules here.

/** UI languages, Italian first (the default). */
export const UI_LANGUAGES = ["it", "en", "ar", "ur", "zh", "ro", "sq", "uk", "ti", "fr", "es"];

/** Languages written right to left. */
const RTL = new Set(["ar", "ur", "fa", "ps", "he"]);

const TEXTS = {
  it: {
    heading: "Scegli giorno e ora dell'appuntamento",
    loading: "Caricamento delle disponibilità…",
    office: "Sportello",
    language: "Lingua del colloquio",
    calendar: "Calendario",
    prevMonth: "Mese precedente",
    nextMonth: "Mese successivo",
    times: "Orari liberi di {day}",
    freeCount: "orari liberi: {n}",
    noFree: "nessun orario libero",
    pickDay: "Scegli un giorno evidenziato nel calendario per vedere gli orari liberi.",
    confirm: "Conferma questo orario",
    chooseTime: "Scegli prima un orario.",
    chosen: "Hai scelto {day} alle {time}. Completa la prenotazione sul sito.",
    daySelected: "{day}: orari liberi: {n}.",
    nothing: "Al momento non ci sono orari liberi per questa scelta.",
    snapshotError: "Non è stato possibile caricare le disponibilità.",
    errorUnavailable: "Le disponibilità non sono raggiungibili in questo momento: riprova tra qualche minuto.",
    errorTooLarge: "Il file delle disponibilità è troppo grande per essere mostrato in questa pagina.",
    errorBadData: "Il file delle disponibilità contiene un errore, quindi gli orari non possono essere mostrati.",
    configError: "Il calendario di questa pagina non è configurato correttamente.",
    internalError: "Si è verificato un errore imprevisto nel calendario.",
    retry: "Riprova",
    noContactLine: "Per prenotare rivolgiti allo sportello del tuo Comune.",
    supportCode: "Codice per l'assistenza: {code}",
    officeNotFound: "Lo sportello indicato in questa pagina non è nel calendario: scegline uno dall'elenco.",
    contactLine: "Per prenotare puoi rivolgerti a: {contact}",
    duration: "Durata: {n} minuti",
    in_person: "in presenza",
    phone: "al telefono",
    video: "in video",
  },
  en: {
    heading: "Choose the day and time of your appointment",
    loading: "Loading availability…",
    office: "Office",
    language: "Language of the meeting",
    calendar: "Calendar",
    prevMonth: "Previous month",
    nextMonth: "Next month",
    times: "Free times on {day}",
    freeCount: "free times: {n}",
    noFree: "no free time",
    pickDay: "Choose a highlighted day in the calendar to see the free times.",
    confirm: "Confirm this time",
    chooseTime: "Choose a time first.",
    chosen: "You chose {day} at {time}. Complete the booking on the site.",
    daySelected: "{day}: free times: {n}.",
    nothing: "There are no free times for this choice at the moment.",
    snapshotError: "The availability could not be loaded.",
    errorUnavailable: "The availability cannot be reached right now: try again in a few minutes.",
    errorTooLarge: "The availability file is too large to be shown on this page.",
    errorBadData: "The availability file contains an error, so the times cannot be shown.",
    configError: "The calendar on this page is not set up correctly.",
    internalError: "An unexpected error occurred in the calendar.",
    retry: "Try again",
    noContactLine: "To book, go to the office of your municipality.",
    supportCode: "Code for support: {code}",
    officeNotFound: "The office named by this page is not in the calendar: choose one from the list.",
    contactLine: "To book, you can contact: {contact}",
    duration: "Duration: {n} minutes",
    in_person: "in person",
    phone: "by phone",
    video: "by video",
  },
  ar: {
    heading: "اختر يوم الموعد وساعته",
    loading: "جارٍ تحميل المواعيد المتاحة…",
    office: "المكتب",
    language: "لغة المقابلة",
    calendar: "التقويم",
    prevMonth: "الشهر السابق",
    nextMonth: "الشهر التالي",
    times: "الأوقات المتاحة يوم {day}",
    freeCount: "الأوقات المتاحة: {n}",
    noFree: "لا يوجد وقت متاح",
    pickDay: "اختر يوماً مميزاً في التقويم لرؤية الأوقات المتاحة.",
    confirm: "تأكيد هذا الوقت",
    chooseTime: "اختر وقتاً أولاً.",
    chosen: "اخترت {day} في الساعة {time}. أكمل الحجز على الموقع.",
    daySelected: "{day}: الأوقات المتاحة: {n}.",
    nothing: "لا توجد أوقات متاحة لهذا الاختيار حالياً.",
    snapshotError: "تعذّر تحميل المواعيد المتاحة.",
    errorUnavailable: "لا يمكن الوصول إلى المواعيد المتاحة حالياً: حاول مرة أخرى بعد بضع دقائق.",
    errorTooLarge: "ملف المواعيد المتاحة كبير جداً ولا يمكن عرضه في هذه الصفحة.",
    errorBadData: "ملف المواعيد المتاحة يحتوي على خطأ، لذلك لا يمكن عرض الأوقات.",
    configError: "التقويم في هذه الصفحة غير مضبوط بشكل صحيح.",
    internalError: "حدث خطأ غير متوقع في التقويم.",
    retry: "حاول مرة أخرى",
    noContactLine: "للحجز توجّه إلى مكتب بلديتك.",
    supportCode: "رمز الدعم: {code}",
    officeNotFound: "المكتب المذكور في هذه الصفحة غير موجود في التقويم: اختر مكتباً من القائمة.",
    contactLine: "للحجز يمكنك التواصل مع: {contact}",
    duration: "المدة: {n} دقيقة",
    in_person: "حضورياً",
    phone: "بالهاتف",
    video: "بالفيديو",
  },
  ur: {
    heading: "ملاقات کا دن اور وقت منتخب کریں",
    loading: "دستیاب اوقات لوڈ ہو رہے ہیں…",
    office: "دفتر",
    language: "گفتگو کی زبان",
    calendar: "کیلنڈر",
    prevMonth: "پچھلا مہینہ",
    nextMonth: "اگلا مہینہ",
    times: "{day} کے خالی اوقات",
    freeCount: "خالی اوقات: {n}",
    noFree: "کوئی خالی وقت نہیں",
    pickDay: "خالی اوقات دیکھنے کے لیے کیلنڈر میں نمایاں دن منتخب کریں۔",
    confirm: "اس وقت کی تصدیق کریں",
    chooseTime: "پہلے وقت منتخب کریں۔",
    chosen: "آپ نے {day} کو {time} بجے کا انتخاب کیا۔ بکنگ ویب سائٹ پر مکمل کریں۔",
    daySelected: "{day}: خالی اوقات: {n}۔",
    nothing: "اس انتخاب کے لیے فی الحال کوئی خالی وقت نہیں ہے۔",
    snapshotError: "دستیاب اوقات لوڈ نہیں ہو سکے۔",
    errorUnavailable: "اس وقت دستیاب اوقات تک رسائی نہیں ہو سکی: چند منٹ بعد دوبارہ کوشش کریں۔",
    errorTooLarge: "دستیاب اوقات کی فائل اس صفحے پر دکھانے کے لیے بہت بڑی ہے۔",
    errorBadData: "دستیاب اوقات کی فائل میں غلطی ہے، اس لیے اوقات نہیں دکھائے جا سکتے۔",
    configError: "اس صفحے کا کیلنڈر درست طریقے سے ترتیب نہیں دیا گیا۔",
    internalError: "کیلنڈر میں ایک غیر متوقع خرابی پیش آئی۔",
    retry: "دوبارہ کوشش کریں",
    noContactLine: "بکنگ کے لیے اپنی بلدیہ کے دفتر سے رابطہ کریں۔",
    supportCode: "مدد کے لیے کوڈ: {code}",
    officeNotFound: "اس صفحے میں بتایا گیا دفتر کیلنڈر میں نہیں ہے: فہرست میں سے ایک دفتر منتخب کریں۔",
    contactLine: "بکنگ کے لیے رابطہ کریں: {contact}",
    duration: "دورانیہ: {n} منٹ",
    in_person: "بالمشافہ",
    phone: "فون پر",
    video: "ویڈیو پر",
  },
  zh: {
    heading: "选择预约的日期和时间",
    loading: "正在加载可预约时间…",
    office: "服务窗口",
    language: "会谈语言",
    calendar: "日历",
    prevMonth: "上个月",
    nextMonth: "下个月",
    times: "{day}的空闲时间",
    freeCount: "空闲时间：{n}",
    noFree: "没有空闲时间",
    pickDay: "请在日历中选择突出显示的日期以查看空闲时间。",
    confirm: "确认此时间",
    chooseTime: "请先选择一个时间。",
    chosen: "您选择了{day} {time}。请在网站上完成预约。",
    daySelected: "{day}：空闲时间：{n}。",
    nothing: "目前此选择没有空闲时间。",
    snapshotError: "无法加载可预约时间。",
    errorUnavailable: "目前无法获取可预约时间：请几分钟后再试。",
    errorTooLarge: "可预约时间文件太大，无法在此页面显示。",
    errorBadData: "可预约时间文件有错误，因此无法显示时间。",
    configError: "此页面的日历设置不正确。",
    internalError: "日历出现了意外错误。",
    retry: "重试",
    noContactLine: "预约请前往您所在市镇的服务窗口。",
    supportCode: "支持代码：{code}",
    officeNotFound: "此页面指定的服务窗口不在日历中：请从列表中选择一个。",
    contactLine: "预约请联系：{contact}",
    duration: "时长：{n} 分钟",
    in_person: "现场",
    phone: "电话",
    video: "视频",
  },
  ro: {
    heading: "Alegeți ziua și ora programării",
    loading: "Se încarcă disponibilitatea…",
    office: "Ghișeu",
    language: "Limba discuției",
    calendar: "Calendar",
    prevMonth: "Luna anterioară",
    nextMonth: "Luna următoare",
    times: "Ore libere în {day}",
    freeCount: "ore libere: {n}",
    noFree: "nicio oră liberă",
    pickDay: "Alegeți o zi evidențiată în calendar pentru a vedea orele libere.",
    confirm: "Confirmați această oră",
    chooseTime: "Alegeți mai întâi o oră.",
    chosen: "Ați ales {day}, ora {time}. Finalizați programarea pe site.",
    daySelected: "{day}: ore libere: {n}.",
    nothing: "Momentan nu există ore libere pentru această alegere.",
    snapshotError: "Disponibilitatea nu a putut fi încărcată.",
    errorUnavailable: "Disponibilitatea nu poate fi accesată acum: încercați din nou peste câteva minute.",
    errorTooLarge: "Fișierul cu disponibilitatea este prea mare pentru a fi afișat pe această pagină.",
    errorBadData: "Fișierul cu disponibilitatea conține o eroare, așa că orele nu pot fi afișate.",
    configError: "Calendarul acestei pagini nu este configurat corect.",
    internalError: "A apărut o eroare neașteptată în calendar.",
    retry: "Încercați din nou",
    noContactLine: "Pentru programare adresați-vă ghișeului primăriei dumneavoastră.",
    supportCode: "Cod pentru asistență: {code}",
    officeNotFound: "Ghișeul indicat de această pagină nu este în calendar: alegeți unul din listă.",
    contactLine: "Pentru programare vă puteți adresa la: {contact}",
    duration: "Durata: {n} minute",
    in_person: "față în față",
    phone: "la telefon",
    video: "video",
  },
  sq: {
    heading: "Zgjidhni ditën dhe orën e takimit",
    loading: "Po ngarkohen oraret e lira…",
    office: "Sporteli",
    language: "Gjuha e takimit",
    calendar: "Kalendari",
    prevMonth: "Muaji i kaluar",
    nextMonth: "Muaji tjetër",
    times: "Oraret e lira më {day}",
    freeCount: "orare të lira: {n}",
    noFree: "asnjë orar i lirë",
    pickDay: "Zgjidhni një ditë të theksuar në kalendar për të parë oraret e lira.",
    confirm: "Konfirmoni këtë orar",
    chooseTime: "Zgjidhni fillimisht një orar.",
    chosen: "Zgjodhët {day} në orën {time}. Përfundoni rezervimin në faqe.",
    daySelected: "{day}: orare të lira: {n}.",
    nothing: "Për momentin nuk ka orare të lira për këtë zgjedhje.",
    snapshotError: "Oraret e lira nuk u ngarkuan dot.",
    errorUnavailable: "Oraret e lira nuk mund të merren tani: provoni përsëri pas disa minutash.",
    errorTooLarge: "Skedari i orareve të lira është shumë i madh për t'u shfaqur në këtë faqe.",
    errorBadData: "Skedari i orareve të lira përmban një gabim, prandaj oraret nuk mund të shfaqen.",
    configError: "Kalendari i kësaj faqeje nuk është konfiguruar saktë.",
    internalError: "Ndodhi një gabim i papritur në kalendar.",
    retry: "Provoni përsëri",
    noContactLine: "Për rezervim drejtohuni sportelit të komunës suaj.",
    supportCode: "Kodi për asistencë: {code}",
    officeNotFound: "Sporteli i treguar nga kjo faqe nuk është në kalendar: zgjidhni një nga lista.",
    contactLine: "Për rezervim mund të kontaktoni: {contact}",
    duration: "Kohëzgjatja: {n} minuta",
    in_person: "personalisht",
    phone: "me telefon",
    video: "me video",
  },
  uk: {
    heading: "Оберіть день і час зустрічі",
    loading: "Завантаження вільного часу…",
    office: "Віконце",
    language: "Мова розмови",
    calendar: "Календар",
    prevMonth: "Попередній місяць",
    nextMonth: "Наступний місяць",
    times: "Вільний час {day}",
    freeCount: "вільний час: {n}",
    noFree: "немає вільного часу",
    pickDay: "Оберіть виділений день у календарі, щоб побачити вільний час.",
    confirm: "Підтвердити цей час",
    chooseTime: "Спочатку оберіть час.",
    chosen: "Ви обрали {day} о {time}. Завершіть запис на сайті.",
    daySelected: "{day}: вільний час: {n}.",
    nothing: "Наразі для цього вибору немає вільного часу.",
    snapshotError: "Не вдалося завантажити вільний час.",
    errorUnavailable: "Зараз не вдається отримати вільний час: спробуйте ще раз за кілька хвилин.",
    errorTooLarge: "Файл із вільним часом завеликий, щоб показати його на цій сторінці.",
    errorBadData: "Файл із вільним часом містить помилку, тому час не можна показати.",
    configError: "Календар на цій сторінці налаштовано неправильно.",
    internalError: "У календарі сталася неочікувана помилка.",
    retry: "Спробувати ще раз",
    noContactLine: "Для запису зверніться до віконця вашого муніципалітету.",
    supportCode: "Код для підтримки: {code}",
    officeNotFound: "Віконця, вказаного на цій сторінці, немає в календарі: оберіть одне зі списку.",
    contactLine: "Для запису зверніться: {contact}",
    duration: "Тривалість: {n} хв",
    in_person: "особисто",
    phone: "телефоном",
    video: "відеозв'язком",
  },
  ti: {
    heading: "መዓልትን ሰዓትን ቆጸራ ምረጹ",
    loading: "ነጻ ግዜታት ይጽዓን ኣሎ…",
    office: "ቤት ጽሕፈት",
    language: "ቋንቋ ርክብ",
    calendar: "ዓውደ ኣዋርሕ",
    prevMonth: "ዝሓለፈ ወርሒ",
    nextMonth: "ዝመጽእ ወርሒ",
    times: "ነጻ ሰዓታት ናይ {day}",
    freeCount: "ነጻ ሰዓታት: {n}",
    noFree: "ነጻ ሰዓት የለን",
    pickDay: "ነጻ ሰዓታት ንምርኣይ ኣብ ዓውደ ኣዋርሕ ዝተፈለየ መዓልቲ ምረጹ።",
    confirm: "ነዚ ሰዓት ኣረጋግጹ",
    chooseTime: "መጀመርያ ሰዓት ምረጹ።",
    chosen: "{day} ሰዓት {time} መሪጽኩም። ቆጸራ ኣብቲ መርበብ ኣጻፍፉ።",
    daySelected: "{day}: ነጻ ሰዓታት: {n}።",
    nothing: "ሕጂ ነዚ ምርጫ ነጻ ሰዓት የለን።",
    snapshotError: "ነጻ ግዜታት ክጽዓን ኣይከኣለን።",
    errorUnavailable: "ሕጂ ነጻ ግዜታት ክርከብ ኣይከኣለን። ድሕሪ ቁሩብ ደቓይቕ እንደገና ፈትኑ።",
    errorTooLarge: "ፋይል ነጻ ግዜታት ኣብዚ ገጽ ንምርኣይ ኣዝዩ ዓቢ እዩ።",
    errorBadData: "ፋይል ነጻ ግዜታት ጌጋ ስለ ዘለዎ ሰዓታት ክርኣዩ ኣይክእሉን።",
    configError: "ዓውደ ኣዋርሕ ናይዚ ገጽ ብግቡእ ኣይተዳለወን።",
    internalError: "ኣብ ዓውደ ኣዋርሕ ዘይተጸበናዮ ጌጋ ኣጋጢሙ።",
    retry: "እንደገና ፈትኑ",
    noContactLine: "ንቆጸራ ናብ ቤት ጽሕፈት ምምሕዳር ከተማኹም ኪዱ።",
    supportCode: "ኮድ ንሓገዝ: {code}",
    officeNotFound: "እቲ ኣብዚ ገጽ ዝተጠቕሰ ቤት ጽሕፈት ኣብ ዓውደ ኣዋርሕ የለን። ካብቲ ዝርዝር ሓደ ምረጹ።",
    contactLine: "ንቆጸራ ተወከሱ: {contact}",
    duration: "ግዜ: {n} ደቒቕ",
    in_person: "ብኣካል",
    phone: "ብተሌፎን",
    video: "ብቪድዮ",
  },
  fr: {
    heading: "Choisissez le jour et l'heure du rendez-vous",
    loading: "Chargement des disponibilités…",
    office: "Guichet",
    language: "Langue de l'entretien",
    calendar: "Calendrier",
    prevMonth: "Mois précédent",
    nextMonth: "Mois suivant",
    times: "Horaires libres le {day}",
    freeCount: "horaires libres : {n}",
    noFree: "aucun horaire libre",
    pickDay: "Choisissez un jour mis en évidence dans le calendrier pour voir les horaires libres.",
    confirm: "Confirmer cet horaire",
    chooseTime: "Choisissez d'abord un horaire.",
    chosen: "Vous avez choisi le {day} à {time}. Terminez la réservation sur le site.",
    daySelected: "{day} : horaires libres : {n}.",
    nothing: "Il n'y a pas d'horaire libre pour ce choix pour le moment.",
    snapshotError: "Les disponibilités n'ont pas pu être chargées.",
    errorUnavailable: "Les disponibilités ne sont pas accessibles pour le moment : réessayez dans quelques minutes.",
    errorTooLarge: "Le fichier des disponibilités est trop volumineux pour être affiché sur cette page.",
    errorBadData: "Le fichier des disponibilités contient une erreur : les horaires ne peuvent pas être affichés.",
    configError: "Le calendrier de cette page n'est pas configuré correctement.",
    internalError: "Une erreur inattendue s'est produite dans le calendrier.",
    retry: "Réessayer",
    noContactLine: "Pour réserver, adressez-vous au guichet de votre commune.",
    supportCode: "Code pour l'assistance : {code}",
    officeNotFound: "Le guichet indiqué par cette page n'est pas dans le calendrier : choisissez-en un dans la liste.",
    contactLine: "Pour réserver, vous pouvez contacter : {contact}",
    duration: "Durée : {n} minutes",
    in_person: "en présentiel",
    phone: "par téléphone",
    video: "en vidéo",
  },
  es: {
    heading: "Elija el día y la hora de la cita",
    loading: "Cargando la disponibilidad…",
    office: "Ventanilla",
    language: "Idioma de la entrevista",
    calendar: "Calendario",
    prevMonth: "Mes anterior",
    nextMonth: "Mes siguiente",
    times: "Horas libres el {day}",
    freeCount: "horas libres: {n}",
    noFree: "ninguna hora libre",
    pickDay: "Elija un día resaltado en el calendario para ver las horas libres.",
    confirm: "Confirmar esta hora",
    chooseTime: "Elija primero una hora.",
    chosen: "Ha elegido el {day} a las {time}. Complete la reserva en el sitio.",
    daySelected: "{day}: horas libres: {n}.",
    nothing: "Por ahora no hay horas libres para esta elección.",
    snapshotError: "No se ha podido cargar la disponibilidad.",
    errorUnavailable: "No se puede acceder a la disponibilidad en este momento: vuelva a intentarlo dentro de unos minutos.",
    errorTooLarge: "El archivo de disponibilidad es demasiado grande para mostrarlo en esta página.",
    errorBadData: "El archivo de disponibilidad contiene un error, por eso no se pueden mostrar las horas.",
    configError: "El calendario de esta página no está configurado correctamente.",
    internalError: "Se ha producido un error inesperado en el calendario.",
    retry: "Reintentar",
    noContactLine: "Para reservar, diríjase a la ventanilla de su municipio.",
    supportCode: "Código para la asistencia: {code}",
    officeNotFound: "La ventanilla indicada por esta página no está en el calendario: elija una de la lista.",
    contactLine: "Para reservar puede dirigirse a: {contact}",
    duration: "Duración: {n} minutos",
    in_person: "en persona",
    phone: "por teléfono",
    video: "por vídeo",
  },
};

/** The message shown when WebAssembly cannot start: always in Italian. */
export const ENGINE_UNAVAILABLE_IT = {
  title: "Prenotazione online non disponibile",
  body:
    "Questo browser non riesce ad avviare il sistema di prenotazione (WebAssembly). " +
    "Prova ad aggiornare il browser o a usarne un altro.",
  contact: "Per prenotare puoi rivolgerti a: {contact}",
  noContact: "Per prenotare rivolgiti allo sportello del tuo Comune.",
};

// Month and weekday names for languages Intl may lack (Gregorian calendar
// as used in Eritrea; CLDR's `ti` names). Weekdays start on Sunday.
const CALENDAR_NAMES = {
  ti: {
    months: ["ጥሪ", "ለካቲት", "መጋቢት", "ሚያዝያ", "ግንቦት", "ሰነ", "ሓምለ", "ነሓሰ", "መስከረም", "ጥቅምቲ", "ሕዳር", "ታሕሳስ"],
    weekdays: ["ሰንበት", "ሰኑይ", "ሰሉስ", "ረቡዕ", "ሓሙስ", "ዓርቢ", "ቀዳም"],
    weekdaysShort: ["ሰን", "ሰኑ", "ሰሉ", "ረቡ", "ሓሙ", "ዓር", "ቀዳ"],
  },
};

// Endonyms of the languages mediators commonly offer, for browsers whose
// Intl.DisplayNames lacks them.
const ENDONYMS = {
  it: "italiano", en: "English", ar: "العربية", ur: "اردو", zh: "中文", ro: "română",
  sq: "shqip", uk: "українська", ti: "ትግርኛ", fr: "français", es: "español",
  am: "አማርኛ", bn: "বাংলা", fa: "فارسی", hi: "हिन्दी", pa: "ਪੰਜਾਬੀ", ps: "پښتو",
  ru: "русский", tl: "Tagalog", wo: "Wolof", so: "Soomaali", pt: "português",
  tr: "Türkçe", ku: "kurdî", ha: "Hausa", ff: "Fulfulde", mr: "मराठी", ta: "தமிழ்", si: "සිංහල",
};

/** The UI language to use for a `lang` attribute (Italian when unknown). */
export function uiLanguage(tag) {
  const primary = String(tag || "").toLowerCase().split(/[-_]/)[0];
  return UI_LANGUAGES.includes(primary) ? primary : "it";
}

/** `rtl` or `ltr`. */
export function direction(lang) {
  return RTL.has(lang) ? "rtl" : "ltr";
}

/** A UI text with `{name}` placeholders filled. */
export function text(lang, key, values = {}) {
  const table = TEXTS[lang] || TEXTS.it;
  const template = table[key] ?? TEXTS.it[key] ?? key;
  return fill(template, values);
}

/** Fills `{name}` placeholders. */
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

function intlSupports(lang) {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([lang]).length > 0;
  } catch {
    return false;
  }
}

const LATIN_DIGITS = "-u-nu-latn";

/**
 * Names for the calendar in one UI language: months, weekdays (long and
 * short, Sunday first) and a long date formatter. Uses Intl when it knows
 * the language and the tables above otherwise.
 */
export function calendarNames(lang) {
  if (CALENDAR_NAMES[lang] && !intlSupports(lang)) {
    const own = CALENDAR_NAMES[lang];
    return {
      source: "widget",
      month: (m) => own.months[m],
      monthYear: (y, m) => `${own.months[m]} ${y}`,
      weekday: (d) => own.weekdays[d],
      weekdayShort: (d) => own.weekdaysShort[d],
      longDate: (y, m, day) => `${own.weekdays[weekdayOf(y, m, day)]}፣ ${day} ${own.months[m]} ${y}`,
    };
  }
  const locale = intlSupports(lang) ? lang + LATIN_DIGITS : "it" + LATIN_DIGITS;
  const utc = (y, m, d) => new Date(Date.UTC(y, m, d, 12));
  const f = (options) => new Intl.DateTimeFormat(locale, { timeZone: "UTC", ...options });
  const monthF = f({ month: "long" });
  const monthYearF = f({ month: "long", year: "numeric" });
  const weekdayF = f({ weekday: "long" });
  const weekdayShortF = f({ weekday: "short" });
  const longF = f({ weekday: "long", day: "numeric", month: "long", year: "numeric" });
  // 2023-01-01 was a Sunday.
  return {
    source: "intl",
    month: (m) => monthF.format(utc(2023, m, 1)),
    monthYear: (y, m) => monthYearF.format(utc(y, m, 1)),
    weekday: (d) => weekdayF.format(utc(2023, 0, 1 + d)),
    weekdayShort: (d) => weekdayShortF.format(utc(2023, 0, 1 + d)),
    longDate: (y, m, day) => longF.format(utc(y, m, day)),
  };
}

/** Day of the week (0 = Sunday) of a date. */
export function weekdayOf(y, m, d) {
  return new Date(Date.UTC(y, m, d)).getUTCDay();
}

/** The name of a language tag, in the UI language, with its endonym. */
export function languageName(code, uiLang) {
  const primary = code.split("-")[0];
  const endonym = displayName(code, code) || ENDONYMS[code] || ENDONYMS[primary] || code;
  const local = displayName(code, uiLang);
  if (!local || local === endonym || local.toLowerCase() === code) return endonym;
  return `${local} (${endonym})`;
}

function displayName(code, inLanguage) {
  try {
    if (!Intl.DisplayNames || Intl.DisplayNames.supportedLocalesOf([inLanguage]).length === 0) return null;
    const name = new Intl.DisplayNames([inLanguage], { type: "language", fallback: "none" }).of(code);
    return name && name.toLowerCase() !== code.toLowerCase() ? name : null;
  } catch {
    return null;
  }
}
