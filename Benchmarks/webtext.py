#!/usr/bin/env python3
"""Deterministic generator of web-scrape-like text for sluice's benchmarks.

Writes text that looks, byte for byte, like what a naive scraper dumps from web
pages: one block element per line, documents one after another, in eleven
languages (en, de, fr, es, it, pt, ru, zh, ja, ko, ar), with the noise sluice
exists to remove (navigation menus, share buttons, cookie banners, comment
forms, newsletter calls, "Read more" teasers, copyright footers) and the
Unicode dirt it repairs (NBSP, NFD-decomposed accents, zero-width characters,
soft hyphens, BOMs, tabs, doubled and trailing spaces, CRLF line ends,
mojibake). All words and templates are written out in this file; nothing is
fetched. The same seed gives the same bytes, on any machine, with any
Python 3.8+.

Documents in a stream are separated by two blank lines ("\\n\\n\\n"); inside a
document paragraphs are single lines, sometimes with one blank line between.

Usage (stdlib only):

    python3 Benchmarks/webtext.py stream OUT.txt --size 300 [--seed 1]
    python3 Benchmarks/webtext.py files OUTDIR --files 20000 --size 200 [--seed 2]
    python3 Benchmarks/webtext.py stream - --size 1 | head        # to stdout

`stream` writes one file of about SIZE MB (10^6 bytes); `files` writes FILES
documents of about SIZE MB in total, in 100 sub-folders (OUTDIR/00/…/99/),
one document per file. Both print a summary (bytes, documents, lines, share of
non-ASCII bytes, NFD documents, CRLF documents, noise lines) to stderr.

`scripts/bench` and `scripts/callgrind-check` import this module; bump
GENERATOR_VERSION whenever the output for a given seed changes, so cached
inputs under .bench/ are made again.
"""

import argparse
import os
import random
import sys
import unicodedata

GENERATOR_VERSION = 1

# ---------------------------------------------------------------------------
# Vocabulary. Function words are drawn more often than content words, which
# gives word-frequency and byte statistics close to real prose (the words are
# in random order: the text is not meant to be read).
# ---------------------------------------------------------------------------

LATIN = {
    "en": dict(
        function="the of and to a in is that for it as was with be by on not he this are or his from at which but have an they you were her she there been one all we their has would when".split(),
        content="""people time year government company market city country world week report
        president police school water health research water project system million percent
        business service family community public history policy student children study
        economy energy technology software development council weather season player team
        election minister court price industry university hospital bridge river village
        festival museum kitchen garden recipe travel airport network customer product update
        announced reported according expected increased decided continued developed released
        important different available national international local recent several local major
        following including although however because between during without against within
        officials residents researchers analysts investors teachers doctors engineers
        quickly nearly already finally probably recently especially particularly
        """.split(),
        curly=True,
    ),
    "de": dict(
        function="der die das und in zu den von mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis mehr durch man".split(),
        content="""Regierung Unternehmen Jahr Stadt Menschen Bürgermeister Straße Schule Prüfung
        Größe Gebäude Wohnungen Kinder Familie Gesundheit Forschung Entwicklung Bevölkerung
        Bundesregierung Verkehrsministerium Öffentlichkeit Wirtschaft Geschäftsführer Ärzte
        Krankenhaus Universität Städte Gemeinderat Veränderung Lösung Maßnahmen Gespräch
        Fußballverein Mannschaft Trainer Spieler Saison Ergebnis Zukunft Erfahrung Frühjahr
        Verbraucher Preise Märkte Energieversorgung Klimaschutz Umweltschutz Haushalt
        berichtet erklärt geöffnet veröffentlicht gewählt überprüft verändert geschätzt
        wichtig größer schön natürlich möglich künftig täglich jährlich örtlichen öffentlichen
        außerdem schließlich zunächst bereits während gegenüber früher später
        Donaudampfschifffahrtsgesellschaft Straßenbahnhaltestelle Rechtsschutzversicherung
        """.split(),
        curly=False,
    ),
    "fr": dict(
        function="le la les de des du et à en un une est que qui dans pour pas sur au avec ne se plus par il elle ce son sa ses ou mais comme nous vous leur été être fait aussi".split(),
        content="""gouvernement entreprise année ville société président ministre élection école
        santé recherche développement économie équipe joueur saison résultat région député
        hôpital médecin université étudiants élèves enfants famille journée matinée soirée
        été hiver printemps théâtre cinéma musée bibliothèque église château forêt rivière
        réforme sécurité collectivité général préfecture mairie communauté électricité
        annoncé décidé présenté expliqué développé créé réalisé prévu ouvert fermé
        important général nouvelle dernière première économique sociale européenne français
        déjà très après même où là ça début déjà également notamment désormais
        """.split(),
        curly=True,
    ),
    "es": dict(
        function="el la los las de del y a en un una que es por con para no se su sus al lo como más pero o este esta ha han fue ser".split(),
        content="""gobierno empresa año ciudad país presidente ministro elección escuela salud
        investigación desarrollo economía equipo jugador temporada resultado región niños
        familia mañana tarde noche médico hospital universidad estudiantes educación acción
        información situación población tecnología energía política nación corazón canción
        anunció explicó decidió aseguró afirmó señaló añadió presentó consiguió
        importante económico público política último próximo también además después según
        España México Andalucía Cataluña Bogotá Perú Córdoba Málaga
        """.split(),
        curly=False,
    ),
    "it": dict(
        function="il lo la i gli le di del della e a in un una che è per con non si su al da come più ma anche sono questo questa".split(),
        content="""governo azienda anno città paese presidente ministro elezioni scuola salute
        ricerca sviluppo economia squadra giocatore stagione risultato regione bambini
        famiglia mattina sera medico ospedale università studenti libertà qualità attività
        comunità società sicurezza perché così già più può però giù virtù caffè
        annunciato spiegato deciso presentato aperto chiuso realizzato previsto
        importante economico pubblico politico ultimo prossimo inoltre dopo secondo
        """.split(),
        curly=True,
    ),
    "pt": dict(
        function="o a os as de do da dos das e em no na um uma que é para com não se por mais como mas ao foi são seu sua".split(),
        content="""governo empresa ano cidade país presidente ministro eleição escola saúde
        pesquisa desenvolvimento economia equipe jogador temporada resultado região crianças
        família manhã tarde noite médico hospital universidade estudantes educação ação
        informação situação população tecnologia energia política nação coração canção
        anunciou explicou decidiu afirmou disse apresentou conseguiu começou
        importante econômico público político último próximo também além depois segundo
        São Paulo Brasília Lisboa Porto Belém Goiânia João José
        """.split(),
        curly=False,
    ),
}

CYRILLIC = dict(
    function="и в не на я что он с как а то все она так его но да ты к у же вы за бы по ее мне было вот от меня еще нет о из ему теперь когда даже".split(),
    content="""правительство компания год город страна президент министр выборы школа здоровье
    исследование развитие экономика команда игрок сезон результат регион дети семья утро
    вечер врач больница университет студенты образование информация ситуация население
    технология энергия политика общество безопасность решение вопрос проект программа
    объявил заявил решил сообщил отметил добавил представил рассказал
    важный экономический общественный политический последний следующий также после
    Москва Петербург Новосибирск Екатеринбург Казань Россия
    """.split(),
)

ZH_WORDS = """我们 他们 政府 公司 今年 城市 国家 总统 部长 选举 学校 健康 研究 发展 经济 团队
球员 赛季 结果 地区 孩子 家庭 早上 晚上 医生 医院 大学 学生 教育 信息 情况 人口 技术 能源
政策 社会 安全 决定 问题 项目 计划 宣布 表示 认为 报道 指出 增加 减少 进行 提供 支持 需要
重要 经济 公共 最近 已经 可能 因为 所以 但是 如果 虽然 以及 对于 关于 通过 根据 目前 同时
北京 上海 深圳 广州 香港 台北 中国 市场 价格 消费者 企业 投资 银行 网络 手机 互联网 数据""".split()
ZH_PARTICLES = "的 了 在 是 和 也 都 就 与 对 将 被 把 从".split()

JA_WORDS = """政府 会社 今年 都市 国 大統領 大臣 選挙 学校 健康 研究 開発 経済 チーム 選手
シーズン 結果 地域 子供 家族 朝 夜 医者 病院 大学 学生 教育 情報 状況 人口 技術 エネルギー
政策 社会 安全 決定 問題 プロジェクト 計画 発表 東京 大阪 京都 横浜 日本 市場 価格 企業
投資 銀行 ネットワーク スマートフォン インターネット データ サービス ユーザー 最近 すでに""".split()
JA_PARTICLES = "は が を に の で と も から まで へ や".split()
JA_ENDINGS = "です。 ました。 ています。 でした。 だ。 である。 と発表した。 という。".split()

KO_WORDS = """정부 회사 올해 도시 나라 대통령 장관 선거 학교 건강 연구 개발 경제 팀 선수
시즌 결과 지역 아이들 가족 아침 저녁 의사 병원 대학 학생 교육 정보 상황 인구 기술 에너지
정책 사회 안전 결정 문제 프로젝트 계획 서울 부산 인천 대구 한국 시장 가격 기업 투자 은행
네트워크 스마트폰 인터넷 데이터 서비스 사용자 최근 이미 그리고 하지만 때문에""".split()
KO_PARTICLES = "은 는 이 가 을 를 에 에서 의 와 과 도 로".split()
KO_ENDINGS = "했다. 한다. 있다. 밝혔다. 말했다. 예정이다. 됩니다. 했습니다.".split()

AR = dict(
    function="في من على إلى أن عن مع هذا هذه التي الذي كان قد لا ما هو هي و أو ثم بعد قبل".split(),
    content="""الحكومة الشركة العام المدينة البلد الرئيس الوزير الانتخابات المدرسة الصحة
    البحث التنمية الاقتصاد الفريق اللاعب الموسم النتيجة المنطقة الأطفال العائلة الصباح
    المساء الطبيب المستشفى الجامعة الطلاب التعليم المعلومات الوضع السكان التكنولوجيا
    الطاقة السياسة المجتمع الأمن القرار المشروع البرنامج أعلن قال أكد أضاف أوضح
    القاهرة الرياض دبي بيروت عمان المغرب الجزائر تونس مصر السعودية""".split(),
)

# Share of documents per language, roughly that of a multilingual web crawl.
LANG_WEIGHTS = [("en", 40), ("de", 8), ("ru", 8), ("fr", 7), ("es", 7), ("zh", 6), ("ja", 6),
                ("it", 4), ("pt", 4), ("ko", 3), ("ar", 3)]

# ---------------------------------------------------------------------------
# Boilerplate, per language. English boilerplate also shows up on other
# languages' pages (themes and plugins are often not translated).
# ---------------------------------------------------------------------------

NOISE = {
    "en": dict(
        nav=["Home", "News", "World", "Business", "Tech", "Sports", "Culture", "Opinion", "Travel", "Contact", "About Us", "Videos"],
        top=["Skip to content", "Menu", "Search", "Log in", "Sign up", "Subscribe", "Toggle navigation", "Search for:"],
        mid=["Advertisement", "Read more", "Read more »", "Continue reading", "Click here to read more", "Related: {t}", "Read more: {t}", "ADVERTISEMENT", "Story continues below advertisement", "Sponsored content"],
        share=["Share on Facebook", "Share on Twitter", "Share this:", "Tweet", "Pin it", "Email", "Print", "WhatsApp", "Share", "Click to share on Facebook (Opens in new window)", "Like this:", "Like Loading..."],
        comments=["Leave a Reply", "Leave a Reply Cancel reply", "Your email address will not be published. Required fields are marked *", "Comment", "Name *", "Email *", "Website", "Post Comment", "Save my name, email, and website in this browser for the next time I comment.", "{n} Comments", "Be the first to comment"],
        foot=["Subscribe to our newsletter", "Sign up for our newsletter to get the latest news delivered to your inbox.", "Accept cookies", "We use cookies to ensure that we give you the best experience on our website. Accept", "This website uses cookies to improve your experience. Accept Read More", "Privacy Policy", "Terms of Use", "All rights reserved.", "Follow us on Instagram", "Back to top", "Previous post", "Next post", "Tags: {w}, {w}, {w}", "Posted in {w}"],
        copyright="© {y} {s}. All rights reserved.",
        byline="By {p} | {d}",
    ),
    "de": dict(
        nav=["Startseite", "Nachrichten", "Politik", "Wirtschaft", "Sport", "Kultur", "Wissen", "Reise", "Kontakt", "Impressum"],
        top=["Zum Inhalt springen", "Menü", "Suche", "Anmelden", "Registrieren"],
        mid=["Anzeige", "Weiterlesen", "Mehr zum Thema: {t}", "Lesen Sie auch: {t}", "ANZEIGE"],
        share=["Auf Facebook teilen", "Auf Twitter teilen", "Teilen", "Per E-Mail versenden", "Drucken"],
        comments=["Kommentar schreiben", "Ihre E-Mail-Adresse wird nicht veröffentlicht.", "Kommentare ({n})", "Antworten"],
        foot=["Newsletter abonnieren", "Cookies akzeptieren", "Diese Website verwendet Cookies. Mehr erfahren", "Datenschutzerklärung", "Impressum", "Alle Rechte vorbehalten.", "Nach oben"],
        copyright="© {y} {s}. Alle Rechte vorbehalten.",
        byline="Von {p}, {d}",
    ),
    "fr": dict(
        nav=["Accueil", "Actualités", "Politique", "Économie", "Sport", "Culture", "Société", "Contact", "Mentions légales"],
        top=["Aller au contenu", "Menu", "Rechercher", "Se connecter", "S’abonner"],
        mid=["Publicité", "Lire la suite", "Lire aussi\u00a0: {t}", "À lire aussi\u00a0: {t}", "PUBLICITÉ"],
        share=["Partager sur Facebook", "Partager sur Twitter", "Partager", "Envoyer par e-mail", "Imprimer"],
        comments=["Laisser un commentaire", "Votre adresse e-mail ne sera pas publiée.", "{n} commentaires", "Répondre"],
        foot=["Abonnez-vous à notre newsletter", "Accepter les cookies", "Ce site utilise des cookies. En savoir plus", "Politique de confidentialité", "Tous droits réservés.", "Haut de page"],
        copyright="© {y} {s}. Tous droits réservés.",
        byline="Par {p}, le {d}",
    ),
    "es": dict(
        nav=["Inicio", "Noticias", "Política", "Economía", "Deportes", "Cultura", "Sociedad", "Contacto"],
        top=["Saltar al contenido", "Menú", "Buscar", "Iniciar sesión", "Suscríbete"],
        mid=["Publicidad", "Leer más", "Te puede interesar: {t}", "Lee también: {t}"],
        share=["Compartir en Facebook", "Compartir en Twitter", "Compartir", "Enviar por correo", "Imprimir"],
        comments=["Deja una respuesta", "Tu dirección de correo electrónico no será publicada.", "{n} comentarios", "Responder"],
        foot=["Suscríbete a nuestro boletín", "Aceptar cookies", "Este sitio web utiliza cookies. Leer más", "Política de privacidad", "Todos los derechos reservados.", "Volver arriba"],
        copyright="© {y} {s}. Todos los derechos reservados.",
        byline="Por {p} | {d}",
    ),
    "it": dict(
        nav=["Home", "Notizie", "Politica", "Economia", "Sport", "Cultura", "Cronaca", "Contatti"],
        top=["Vai al contenuto", "Menu", "Cerca", "Accedi", "Abbonati"],
        mid=["Pubblicità", "Leggi di più", "Leggi anche: {t}", "Continua a leggere"],
        share=["Condividi su Facebook", "Condividi su Twitter", "Condividi", "Invia per email", "Stampa"],
        comments=["Lascia un commento", "Il tuo indirizzo email non sarà pubblicato.", "{n} commenti", "Rispondi"],
        foot=["Iscriviti alla nostra newsletter", "Accetta i cookie", "Questo sito utilizza i cookie. Leggi di più", "Informativa sulla privacy", "Tutti i diritti riservati.", "Torna su"],
        copyright="© {y} {s}. Tutti i diritti riservati.",
        byline="Di {p}, {d}",
    ),
    "pt": dict(
        nav=["Início", "Notícias", "Política", "Economia", "Esportes", "Cultura", "Contato"],
        top=["Pular para o conteúdo", "Menu", "Buscar", "Entrar", "Assine"],
        mid=["Publicidade", "Leia mais", "Leia também: {t}", "Continue lendo"],
        share=["Compartilhar no Facebook", "Compartilhar no Twitter", "Compartilhar", "Enviar por e-mail", "Imprimir"],
        comments=["Deixe um comentário", "O seu endereço de e-mail não será publicado.", "{n} comentários", "Responder"],
        foot=["Assine a nossa newsletter", "Aceitar cookies", "Este site usa cookies. Saiba mais", "Política de privacidade", "Todos os direitos reservados.", "Voltar ao topo"],
        copyright="© {y} {s}. Todos os direitos reservados.",
        byline="Por {p} | {d}",
    ),
    "ru": dict(
        nav=["Главная", "Новости", "Политика", "Экономика", "Спорт", "Культура", "Общество", "Контакты"],
        top=["Перейти к содержимому", "Меню", "Поиск", "Войти", "Регистрация"],
        mid=["Реклама", "Читать далее", "Читайте также: {t}", "Подробнее"],
        share=["Поделиться в Facebook", "Поделиться ВКонтакте", "Поделиться", "Отправить по почте", "Печать"],
        comments=["Оставить комментарий", "Ваш адрес email не будет опубликован.", "Комментарии ({n})", "Ответить"],
        foot=["Подпишитесь на нашу рассылку", "Принять cookies", "Этот сайт использует файлы cookie. Подробнее", "Политика конфиденциальности", "Все права защищены.", "Наверх"],
        copyright="© {y} {s}. Все права защищены.",
        byline="Автор: {p}, {d}",
    ),
    "zh": dict(
        nav=["首页", "新闻", "国际", "财经", "科技", "体育", "娱乐", "联系我们"],
        top=["跳到内容", "菜单", "搜索", "登录", "注册"],
        mid=["广告", "阅读更多", "相关阅读：{t}", "点击查看全文"],
        share=["分享到微博", "分享到微信", "分享", "打印"],
        comments=["发表评论", "您的电子邮箱地址不会被公开。", "{n}条评论", "回复"],
        foot=["订阅我们的新闻通讯", "接受Cookie", "本网站使用Cookie。了解更多", "隐私政策", "版权所有", "返回顶部"],
        copyright="© {y} {s} 版权所有",
        byline="作者：{p}　{d}",
    ),
    "ja": dict(
        nav=["ホーム", "ニュース", "国際", "経済", "テクノロジー", "スポーツ", "お問い合わせ"],
        top=["コンテンツへスキップ", "メニュー", "検索", "ログイン", "会員登録"],
        mid=["広告", "続きを読む", "関連記事：{t}", "もっと見る"],
        share=["Facebookでシェア", "Twitterでシェア", "シェア", "印刷"],
        comments=["コメントを残す", "メールアドレスが公開されることはありません。", "コメント（{n}）", "返信"],
        foot=["ニュースレターを購読する", "Cookieを受け入れる", "このサイトはCookieを使用しています。詳細", "プライバシーポリシー", "無断転載を禁じます", "トップへ戻る"],
        copyright="Copyright © {y} {s} All Rights Reserved.",
        byline="{p}　{d}",
    ),
    "ko": dict(
        nav=["홈", "뉴스", "정치", "경제", "사회", "스포츠", "연예", "문의하기"],
        top=["본문 바로가기", "메뉴", "검색", "로그인", "회원가입"],
        mid=["광고", "더 보기", "관련 기사: {t}", "기사 전체 보기"],
        share=["페이스북 공유", "트위터 공유", "공유하기", "인쇄"],
        comments=["댓글 남기기", "이메일 주소는 공개되지 않습니다.", "댓글 {n}개", "답글"],
        foot=["뉴스레터 구독하기", "쿠키 수락", "이 웹사이트는 쿠키를 사용합니다. 자세히 보기", "개인정보처리방침", "무단 전재 및 재배포 금지", "맨 위로"],
        copyright="Copyright © {y} {s}. All rights reserved.",
        byline="{p} 기자 | {d}",
    ),
    "ar": dict(
        nav=["الرئيسية", "أخبار", "سياسة", "اقتصاد", "رياضة", "ثقافة", "اتصل بنا"],
        top=["انتقل إلى المحتوى", "القائمة", "بحث", "تسجيل الدخول", "اشترك"],
        mid=["إعلان", "اقرأ المزيد", "اقرأ أيضا: {t}", "تابع القراءة"],
        share=["شارك على فيسبوك", "شارك على تويتر", "مشاركة", "طباعة"],
        comments=["اترك تعليقاً", "لن يتم نشر عنوان بريدك الإلكتروني.", "{n} تعليقات", "رد"],
        foot=["اشترك في نشرتنا الإخبارية", "قبول ملفات تعريف الارتباط", "يستخدم هذا الموقع ملفات تعريف الارتباط. اقرأ المزيد", "سياسة الخصوصية", "جميع الحقوق محفوظة.", "العودة إلى الأعلى"],
        copyright="© {y} {s}. جميع الحقوق محفوظة.",
        byline="بقلم {p} | {d}",
    ),
}

SITES = ["Daily Herald", "Example Media", "Northern Courier", "Tech Ledger", "Valley Gazette", "Metro Times",
         "Global Wire", "Le Petit Journal", "Rundschau Online", "El Diario Digital", "Corriere Locale",
         "Folha Regional", "Новая Газета Онлайн", "新华日报网", "東京ニュース", "서울일보", "صحيفة الخليج"]
PEOPLE = ["Jane Doe", "John Smith", "Anna Müller", "Jérôme Lefèvre", "María José Núñez", "Giulia Bianchi",
          "João Conceição", "Иван Петров", "王伟", "佐藤 花子", "김민수", "محمد علي", "admin", "Editorial Staff"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

# Words whose UTF-8 bytes were decoded as Latin-1 or Windows-1252 somewhere upstream.
MOJIBAKE = ["cafÃ©", "SÃ£o Paulo", "naÃ¯ve", "MÃ¼ller", "rÃ©sumÃ©", "donâ€™t", "itâ€™s", "â€œquotedâ€\x9d",
            "EspaÃ±a", "Ã\xa0 bientÃ´t"]

ZW = ["\u200b", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
ODD_SPACES = ["\u00a0", "\u00a0", "\u00a0", "\u2009", "\u202f", "\u3000", "\u2002"]


def _weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for item, w in pairs:
        x -= w
        if x < 0:
            return item
    return pairs[-1][0]


class Generator:
    """Builds sentence pools once, then assembles documents from them.

    Every random draw goes through one `random.Random(seed)`, in a fixed order,
    so the output is a function of the seed alone.
    """

    SENTENCES_PER_LANG = 2500

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.langs = [l for l, _ in LANG_WEIGHTS]
        self.pools = {}
        self.nfd_pools = {}
        for lang in self.langs:
            pool = [self._sentence(lang) for _ in range(self.SENTENCES_PER_LANG)]
            self.pools[lang] = pool
            self.nfd_pools[lang] = [unicodedata.normalize("NFD", s) for s in pool]
        self.titles = {lang: [self._title(lang) for _ in range(300)] for lang in self.langs}
        self.stats = dict(bytes=0, docs=0, lines=0, nonascii=0, nfd_docs=0, crlf_docs=0, noise_lines=0,
                          by_lang={l: 0 for l in self.langs})

    # -- sentences ----------------------------------------------------------

    def _words(self, function, content, n, p_function=0.45):
        rng = self.rng
        return [rng.choice(function) if rng.random() < p_function else rng.choice(content) for _ in range(n)]

    def _number(self):
        rng = self.rng
        r = rng.random()
        if r < 0.4:
            return str(rng.randint(2, 99))
        if r < 0.7:
            return str(rng.randint(1990, 2025))
        if r < 0.85:
            return "{:,}".format(rng.randint(1000, 9999999))
        return "{}.{}".format(rng.randint(0, 99), rng.randint(0, 9))

    def _sentence(self, lang):
        rng = self.rng
        if lang in LATIN:
            v = LATIN[lang]
            words = self._words(v["function"], v["content"], rng.randint(6, 24))
            if rng.random() < 0.3:
                words.insert(rng.randrange(len(words)), self._number())
            if rng.random() < 0.15:
                unit = rng.choice(["km", "%", "€", "kg", "h", "$"])
                # French, German and others put a (no-break) space before units.
                words.insert(rng.randrange(len(words)), self._number() + ("\u00a0" if lang in ("fr", "de") else " ") + unit)
            if rng.random() < 0.2:
                i = rng.randrange(len(words))
                if v["curly"] and rng.random() < 0.5:
                    words[i] = "\u201c" + words[i] + "\u201d"
                else:
                    words[i] = '"' + words[i] + '"'
            if lang == "en" and rng.random() < 0.25:
                words.insert(rng.randrange(len(words)), rng.choice(["don’t", "it’s", "we’re", "can't", "won't", "that’s", "isn't"]))
            if lang == "fr" and rng.random() < 0.3:
                words.insert(rng.randrange(len(words)), rng.choice(["l’été", "d’abord", "qu’il", "aujourd’hui", "l'école"]))
            if rng.random() < 0.1:
                words.insert(rng.randrange(1, len(words)), "\u2014" if rng.random() < 0.5 else "-")
            s = " ".join(words)
            s = s[0].upper() + s[1:]
            end = rng.choice([".", ".", ".", ".", "!", "?", "…", ":"])
            if lang == "fr" and end in "!?:":
                end = "\u00a0" + end
            if lang == "es" and end in "!?":
                s = ("¡" if end == "!" else "¿") + s
            return s + end
        if lang == "ru":
            words = self._words(CYRILLIC["function"], CYRILLIC["content"], rng.randint(6, 20))
            if rng.random() < 0.3:
                words.insert(rng.randrange(len(words)), self._number())
            if rng.random() < 0.2:
                i = rng.randrange(len(words))
                words[i] = "«" + words[i] + "»"
            if rng.random() < 0.1:
                words.insert(rng.randrange(1, len(words)), "—")
            s = " ".join(words)
            return s[0].upper() + s[1:] + rng.choice([".", ".", ".", "!", "?"])
        if lang == "zh":
            parts = []
            for _ in range(rng.randint(8, 28)):
                parts.append(rng.choice(ZH_WORDS))
                if rng.random() < 0.35:
                    parts.append(rng.choice(ZH_PARTICLES))
                if rng.random() < 0.08:
                    parts.append("，")
                if rng.random() < 0.03:
                    parts.append(self._number())
                if rng.random() < 0.02:
                    parts.append(rng.choice(["iPhone", "AI", "5G", "GDP", "App"]))
            return "".join(parts) + rng.choice(["。", "。", "。", "！", "？"])
        if lang == "ja":
            parts = []
            for _ in range(rng.randint(5, 16)):
                parts.append(rng.choice(JA_WORDS))
                parts.append(rng.choice(JA_PARTICLES))
                if rng.random() < 0.08:
                    parts.append("、")
                if rng.random() < 0.03:
                    parts.append(self._number())
            return "".join(parts) + rng.choice(JA_ENDINGS)
        if lang == "ko":
            words = []
            for _ in range(rng.randint(5, 14)):
                w = rng.choice(KO_WORDS)
                if rng.random() < 0.6:
                    w += rng.choice(KO_PARTICLES)
                words.append(w)
            if rng.random() < 0.2:
                words.insert(rng.randrange(len(words)), self._number())
            return " ".join(words) + " " + rng.choice(KO_ENDINGS)
        if lang == "ar":
            words = self._words(AR["function"], AR["content"], rng.randint(6, 20))
            if rng.random() < 0.25:
                words.insert(rng.randrange(len(words)), self._number())
            if rng.random() < 0.15:
                words.insert(rng.randrange(1, len(words)), "،")
            return " ".join(words) + rng.choice([".", ".", "؟", "!"])
        raise ValueError(lang)

    def _title(self, lang):
        rng = self.rng
        s = rng.choice(self.pools[lang])
        if lang in ("zh", "ja"):
            return s[: rng.randint(8, 20)].rstrip("。、，")
        words = s.split(" ")
        return " ".join(words[: rng.randint(4, 10)]).rstrip(".!?…:")

    # -- dirt ---------------------------------------------------------------

    def _dirty(self, line):
        """Adds, with small probabilities, the invisible and odd characters of scraped text."""
        rng = self.rng
        r = rng.random()
        if r < 0.03 and " " in line:  # a zero-width character somewhere
            i = rng.randrange(len(line))
            line = line[:i] + rng.choice(ZW) + line[i:]
        elif r < 0.06 and " " in line:  # an odd space instead of a plain one
            i = line.find(" ", rng.randrange(len(line)))
            if i >= 0:
                line = line[:i] + rng.choice(ODD_SPACES) + line[i + 1:]
        elif r < 0.075:  # a soft hyphen inside a long word
            words = line.split(" ")
            i = rng.randrange(len(words))
            w = words[i]
            if len(w) > 6:
                k = rng.randrange(3, len(w) - 2)
                words[i] = w[:k] + "\u00ad" + w[k:]
                line = " ".join(words)
        elif r < 0.095:  # doubled or trailing spaces, tabs
            line = rng.choice([line + " ", line + "  ", "  " + line, line.replace(" ", "  ", 2), "\t" + line, line + "\t"])
        elif r < 0.097:
            words = line.split(" ")
            words.insert(rng.randrange(len(words)), rng.choice(MOJIBAKE))
            line = " ".join(words)
        elif r < 0.099:  # a stray control character
            i = rng.randrange(len(line))
            line = line[:i] + rng.choice(["\x07", "\x1b", "\x0b", "\x0c", "\x85"]) + line[i:]
        return line

    # -- documents ----------------------------------------------------------

    def _paragraph(self, lang, nfd, n):
        pool = self.nfd_pools[lang] if nfd else self.pools[lang]
        rng = self.rng
        sep = "" if lang in ("zh", "ja") else " "
        return sep.join(rng.choice(pool) for _ in range(n))

    def _fill(self, template, lang):
        rng = self.rng
        if "{" not in template:
            return template
        y = rng.randint(2008, 2025)
        return template.format(
            t=rng.choice(self.titles[lang]), n=rng.randint(1, 250), y=y, s=rng.choice(SITES),
            p=rng.choice(PEOPLE), w=rng.choice(NOISE["en"]["nav"]),
            d="{} {}, {}".format(rng.choice(MONTHS), rng.randint(1, 28), y))

    def _noise(self, lang, kind):
        rng = self.rng
        table = NOISE[lang] if rng.random() < 0.75 else NOISE["en"]
        return self._fill(rng.choice(table[kind]), lang)

    def document(self):
        """Returns one document as a str with '\\n' line ends (CRLF is applied by the caller)."""
        rng = self.rng
        lang = _weighted(rng, LANG_WEIGHTS)
        nfd = rng.random() < 0.03
        lines = []
        noise = 0
        nav = NOISE[lang]["nav"] if rng.random() < 0.8 else NOISE["en"]["nav"]
        style = rng.random()
        if style < 0.35:  # a navigation bar on one line
            lines.append(" | ".join(rng.sample(nav, min(len(nav), rng.randint(4, 8)))))
            noise += 1
        elif style < 0.65:  # a navigation list, one item a line
            for item in rng.sample(nav, min(len(nav), rng.randint(3, 8))):
                lines.append("  • " + item)
                noise += 1
        for _ in range(rng.randint(0, 3)):
            lines.append(self._noise(lang, "top"))
            noise += 1
        lines.append(rng.choice(self.titles[lang]))
        if rng.random() < 0.6:
            lines.append(self._fill(NOISE[lang]["byline"], lang))
            noise += 1
        blank_between = rng.random() < 0.5
        for _ in range(rng.randint(3, 14)):
            r = rng.random()
            if r < 0.02:
                n = rng.randint(40, 90)  # a very long paragraph (a wall of text)
            elif r < 0.25:
                n = rng.randint(1, 2)
            else:
                n = rng.randint(2, 9)
            lines.append(self._dirty(self._paragraph(lang, nfd, n)))
            if rng.random() < 0.08:
                lines.append(self._noise(lang, "mid"))
                noise += 1
            if blank_between:
                lines.append("")
        for kind in ("share", "comments", "foot"):
            if rng.random() < 0.7:
                for _ in range(rng.randint(1, 5)):
                    lines.append(self._noise(lang, kind))
                    noise += 1
        if rng.random() < 0.7:
            lines.append(self._fill(NOISE[lang]["copyright"], lang))
            noise += 1
        if rng.random() < 0.01:
            lines[0] = "\ufeff" + lines[0]
        if rng.random() < 0.02:  # a run of blank lines in the middle
            lines.insert(rng.randrange(1, len(lines)), "\n\n")
        text = "\n".join(lines)
        st = self.stats
        st["docs"] += 1
        st["noise_lines"] += noise
        st["nfd_docs"] += int(nfd)
        st["by_lang"][lang] += 1
        return text

    def documents(self):
        """Yields documents as UTF-8 bytes, each ending with its line end; CRLF in ~8% of them."""
        rng = self.rng
        st = self.stats
        while True:
            text = self.document() + "\n"
            crlf = rng.random() < 0.08
            if crlf:
                text = text.replace("\n", "\r\n")
                st["crlf_docs"] += 1
            data = text.encode("utf-8")
            st["bytes"] += len(data)
            st["lines"] += text.count("\n")
            # Non-ASCII bytes: bytes of UTF-8 minus code points that are ASCII.
            st["nonascii"] += _nonascii_bytes(data)
            yield data

    def summary(self):
        st = self.stats
        langs = ", ".join("{} {:.0f}%".format(l, 100.0 * n / max(1, st["docs"])) for l, n in st["by_lang"].items())
        return ("{:.1f} MB, {} documents, {} lines, {:.1f}% non-ASCII bytes, {} noise lines, "
                "{} NFD documents, {} CRLF documents; languages: {}").format(
            st["bytes"] / 1e6, st["docs"], st["lines"], 100.0 * st["nonascii"] / max(1, st["bytes"]),
            st["noise_lines"], st["nfd_docs"], st["crlf_docs"], langs)


def _nonascii_bytes(data):
    return len(data) - len(data.decode("ascii", "ignore"))


def write_stream(path, size_mb, seed):
    """Writes documents separated by two blank lines until about size_mb × 10^6 bytes."""
    gen = Generator(seed)
    target = int(size_mb * 1e6)
    written = 0
    out = sys.stdout.buffer if path == "-" else open(path, "wb")
    try:
        chunk = []
        chunk_bytes = 0
        for data in gen.documents():
            if written:
                data = (b"\r\n\r\n" if data.endswith(b"\r\n") else b"\n\n") + data
            chunk.append(data)
            chunk_bytes += len(data)
            written += len(data)
            if chunk_bytes > 1 << 20:
                out.write(b"".join(chunk))
                chunk, chunk_bytes = [], 0
            if written >= target:
                break
        out.write(b"".join(chunk))
    finally:
        if out is not sys.stdout.buffer:
            out.close()
    gen.stats["bytes"] = written
    return gen


def write_files(outdir, count, size_mb, seed):
    """Writes `count` documents of about size_mb in total, one per file, in 100 sub-folders."""
    gen = Generator(seed)
    target = size_mb * 1e6
    written = 0
    docs = gen.documents()
    for i in range(count):
        sub = os.path.join(outdir, "{:02d}".format(i % 100))
        if i < 100:
            os.makedirs(sub, exist_ok=True)
        # Files are whole documents; small pages are joined to reach the size aimed at, which
        # follows what is left to write so that the total comes out near size_mb.
        aim = (target - written) / (count - i) * gen.rng.uniform(0.3, 1.2)
        parts = [next(docs)]
        size = len(parts[0])
        while size + 3000 < aim:
            d = next(docs)
            parts.append(d)
            size += len(d) + 1
        sep = b"\r\n" if parts[0].endswith(b"\r\n") else b"\n"
        data = sep.join(parts)
        written += len(data)
        with open(os.path.join(sub, "page-{:05d}.txt".format(i)), "wb") as f:
            f.write(data)
    gen.stats["bytes"] = written
    return gen


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("stream", help="one file of web-like text")
    s.add_argument("out", help="output file, or - for stdout")
    s.add_argument("--size", type=float, default=300, help="size in MB (10^6 bytes), default 300")
    s.add_argument("--seed", type=int, default=1)
    f = sub.add_parser("files", help="a directory of web-like pages, one per file")
    f.add_argument("out", help="output directory (created)")
    f.add_argument("--files", type=int, default=20000)
    f.add_argument("--size", type=float, default=200, help="total size in MB, default 200")
    f.add_argument("--seed", type=int, default=2)
    args = ap.parse_args(argv)
    if args.mode == "stream":
        gen = write_stream(args.out, args.size, args.seed)
    else:
        gen = write_files(args.out, args.files, args.size, args.seed)
    print(gen.summary(), file=sys.stderr)


if __name__ == "__main__":
    main()
