using RbIdp.Pipeline.Checks.Text;
using RbIdp.Pipeline.Documents;

namespace RbIdp.Pipeline.Checks.Classification;

/// <summary>A phrase that speaks for a document type, with how much it weighs (a title ≈ 2–2.5, a supporting term ≈ 0.3–1).</summary>
internal sealed record DocumentMarker(DocumentType Type, Phrase Phrase, double Weight);

/// <summary>
/// What each of the nine document types says about itself (DOMAIN.md §2 and the real forms: ЭЛН of СФР,
/// 2-НДФЛ / КНД 1175018, справки ЦЗН, СТД-Р / СТД-СФР and приказ Т-8, повестки военкомата, справки МСЭ,
/// справки МЧС и администраций, свидетельства ЗАГС). Words are normalised (lower case, е for ё).
/// </summary>
internal static class DocumentMarkers
{
    public static IReadOnlyList<DocumentMarker> All { get; } = Build();

    /// <summary>
    /// Titles of documents that are none of the nine: a contract, an invoice, a power of attorney, an advance
    /// report, a charter, a waybill, an act of work done, a receipt. Opening the document, one is evidence against
    /// every claim. (An employment contract's termination is not one: «о прекращении трудового договора».)
    /// </summary>
    public static IReadOnlyList<Phrase> ForeignTitles { get; } =
    [
        .. new[]
        {
            "договор* купли*", "договор* аренд*", "договор* найм*", "договор* подряд*", "договор* оказани*", "договор* поставк*",
            "договор* займ*", "договор* дарени*", "договор* мены", "договор* возмездн*", "договор* цессии",
            "счет на оплат*", "счет фактур*", "доверенност*", "авансов* отчет*", "устав", "товарн* накладн*",
            "накладн*", "транспортн* накладн*", "акт* выполненн*", "акт* приема*", "акт* сверк*", "акт* оказанн*", "акт* об оказани*",
            "платежн* поручени*", "кассов* чек*", "товарн* чек*", "квитанци*", "расписк*", "путев* лист*", "коммерческ* предложени*",
            "прайс лист*", "протокол* общ* собрани*", "выписк* из егрюл", "выписк* из егрн", "свидетельств* о регистрации транспорт*",
            "паспорт* транспортн* средств*",
        }.Select(Phrase.Parse),
    ];

    private static List<DocumentMarker> Build()
    {
        var markers = new List<DocumentMarker>();
        void Add(DocumentType type, double weight, params string[] phrases) =>
            markers.AddRange(phrases.Select(p => new DocumentMarker(type, Phrase.Parse(p), weight)));

        Add(DocumentType.SickLeave, 2.5, "лист* нетрудоспособност*");
        Add(DocumentType.SickLeave, 1.2, "электронн* листк*", "номер лн", "элн", "освобождени* от работ*");
        Add(DocumentType.SickLeave, 1.0, "больничн* лист*", "причин* нетрудоспособност*", "приступить к работе");
        Add(DocumentType.SickLeave, 0.6, "фсс", "сфр", "фонд* социальн* страховани*", "социальн* фонд*", "первичн*", "продолжени* лн");

        Add(DocumentType.MedicalCertificate, 2.0, "медицинск* справк*", "справк* о временн* нетрудоспособност*", "выписн* эпикриз*",
            "выписк* из медицинск* карт*", "медицинск* заключени*");
        Add(DocumentType.MedicalCertificate, 1.5, "095 у", "027 у", "086 у", "форм* 095", "форм* 027");
        Add(DocumentType.MedicalCertificate, 0.8, "врачебн* комисси*", "находил* на лечени*", "медицинск* карт*",
            "амбулаторн*", "стационарн*", "заболевани*");
        Add(DocumentType.MedicalCertificate, 0.6, "диагноз*");
        Add(DocumentType.MedicalCertificate, 0.4, "поликлиник*", "больниц*", "гбуз", "медицинск* организаци*", "лечебн*");

        Add(DocumentType.UnemploymentCertificate, 1.5, "центр* занятост*", "безработн*", "гку цзн", "служб* занятост*");
        Add(DocumentType.UnemploymentCertificate, 1.0, "цзн", "пособи* по безработиц*", "поиск* подходящ* работ*", "признан* безработн*");
        Add(DocumentType.UnemploymentCertificate, 0.5, "работа в россии", "занятост* населени*");

        Add(DocumentType.EmploymentRecord, 2.0, "сведени* о трудов* деятельност*", "трудов* книжк*", "о прекращени* трудов* договор*",
            "прекращени* расторжени* трудов* договор*");
        Add(DocumentType.EmploymentRecord, 1.5, "стд р", "стд пфр", "стд сфр", "об увольнени*", "форм* т 8");
        Add(DocumentType.EmploymentRecord, 0.8, "уволен*", "уволить", "увольнени*", "трудов* договор*", "трудов* кодекс*", "расторгнут*",
            "прием на работу", "принят на работу", "кадров* мероприяти*");

        Add(DocumentType.IncomeCertificate, 2.5, "справк* о доход* и сумм* налог* физическ* лиц*", "справк* о доход* физическ* лиц*");
        Add(DocumentType.IncomeCertificate, 2.0, "кнд 1175018", "2 ндфл");
        Add(DocumentType.IncomeCertificate, 1.0, "1175018", "справк* о доход*", "налогов* агент*", "получател* доход*", "код* доход*",
            "справк* о заработн* плат*", "средн* заработ*", "ндфл");
        Add(DocumentType.IncomeCertificate, 0.5, "общ* сумм* доход*", "налогов* баз*", "сумм* налог* исчисленн*", "удержанн*");

        Add(DocumentType.MobilizationNotice, 2.0, "повестк*", "мобилизац*");
        Add(DocumentType.MobilizationNotice, 1.5, "военн* комиссариат*", "военкомат*");
        Add(DocumentType.MobilizationNotice, 0.6, "воинск* учет*", "военн* служб*", "вооруженн* сил*", "военн* билет*", "призыв*",
            "мобилизацион* ресурс*");

        Add(DocumentType.DisabilityCertificate, 2.0, "медико социальн* экспертиз*", "инвалидност*");
        Add(DocumentType.DisabilityCertificate, 1.5, "мсэ", "переосвидетельствовани*");
        Add(DocumentType.DisabilityCertificate, 0.6, "инвалид*", "бессрочн*", "ипра", "групп* инвалид*");

        Add(DocumentType.EmergencyCertificate, 2.0, "чрезвычайн* ситуаци*");
        Add(DocumentType.EmergencyCertificate, 1.5, "мчс", "стихийн* бедстви*", "пострадавш*");
        Add(DocumentType.EmergencyCertificate, 0.6, "пожар*", "наводнени*", "паводк*", "утрат* имуществ*", "гражданск* оборон*",
            "режим* повышенн* готовност*", "зон* подтоплени*", "единовременн* материальн* помощ*");

        Add(DocumentType.BirthCertificate, 2.5, "свидетельств* о рождени*");
        Add(DocumentType.BirthCertificate, 1.5, "запис* акт* гражданск* состояни*", "загс", "запис* акт* о рождени*");
        Add(DocumentType.BirthCertificate, 0.8, "актов* запис*", "мест* государственн* регистраци*", "родился", "родилась");
        Add(DocumentType.BirthCertificate, 0.3, "отец", "мать");
        return markers;
    }
}
