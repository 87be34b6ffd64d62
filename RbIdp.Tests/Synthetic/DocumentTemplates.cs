using System.Globalization;
using RbIdp.Pipeline.Documents;

namespace RbIdp.Tests.Synthetic;

/// <summary>The text of each of the nine document types (DOMAIN.md §2), modelled on the real Russian forms.</summary>
internal static class DocumentTemplates
{
    public static DocText Write(TemplateContext c)
    {
        var text = Body(c);
        return c.Spec.Note is { } note ? text.Gap().Text(note) : text;
    }

    private static DocText Body(TemplateContext c) => c.Spec.Content switch
    {
        PageContent.UnrelatedText => Unrelated(c),
        _ => c.Spec.Type switch
        {
            DocumentType.SickLeave => SickLeave(c),
            DocumentType.MedicalCertificate => MedicalCertificate(c),
            DocumentType.UnemploymentCertificate => UnemploymentCertificate(c),
            DocumentType.EmploymentRecord => c.Random.Next(2) == 0 ? EmploymentRecord(c) : DismissalOrder(c),
            DocumentType.IncomeCertificate => IncomeCertificate(c),
            DocumentType.MobilizationNotice => c.Random.Next(2) == 0 ? MobilizationCertificate(c) : MobilizationSummons(c),
            DocumentType.DisabilityCertificate => DisabilityCertificate(c),
            DocumentType.EmergencyCertificate => EmergencyCertificate(c),
            DocumentType.BirthCertificate => BirthCertificate(c),
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.Spec.Type, "No template for this document type."),
        },
    };

    private static DocText SickLeave(TemplateContext c)
    {
        var t = new DocText();
        var from = c.Spec.IssueDate;
        var to = from.AddDays(c.Random.Next(5, 14));
        t.Header("Фонд пенсионного и социального страхования Российской Федерации")
            .Right("Выписка из ЕИИС «Соцстрах»")
            .Gap()
            .Title($"Листок нетрудоспособности № 9100 {c.Digits(4)} {c.Digits(4)}")
            .Center("электронный листок нетрудоспособности")
            .Gap()
            .Columns("Первичный", "Дата выдачи", c.IssueDate())
            .Columns("Медицинская организация", c.Pick("ГБУЗ «ГП № 12 ДЗМ»", "ГАУЗ «Городская поликлиника № 3»", "ООО «Клиника Здоровье»"))
            .Columns("ОГРН", c.Digits(13), "Адрес", c.Pick("г. Москва, ул. Лесная, д. 7", "г. Казань, ул. Чистопольская, д. 19"))
            .Gap();
        c.SubjectFields(t, upper: true, oneLine: false);
        if (c.Spec.DistractorDates)
        {
            t.Columns("Дата рождения", c.Date(c.Spec.BirthDate, DateStyle.Numeric), "Пол", c.G("м", "ж"));
        }

        t.Columns("Причина нетрудоспособности", "01 (заболевание)")
            .Columns("Место работы – наименование организации", c.Pick("ООО «Вектор»", "АО «Северсталь»", "ПАО «Ростелеком»"))
            .Columns("Основное", "ИНН работодателя", c.Digits(10))
            .Gap()
            .Center("Освобождение от работы")
            .Row("С какого числа", "По какое число", "Должность врача", "Фамилия и инициалы врача")
            .Row(c.OtherDate(from, DateStyle.Numeric), c.OtherDate(to, DateStyle.Numeric), "врач-терапевт участковый", TemplateContext.Official(c.Spec.DoctorFio))
            .Gap()
            .Columns("Приступить к работе", $"с {c.OtherDate(to.AddDays(1), DateStyle.Numeric)}")
            .Gap()
            .Signature("Врач", TemplateContext.Official(c.Spec.DoctorFio));
        return t;
    }

    private static DocText MedicalCertificate(TemplateContext c)
    {
        var t = new DocText();
        var clinic = c.Pick("ГБУЗ «Городская клиническая больница № 7»", "ГБУЗ «Городская поликлиника № 64»", "ГАУЗ «Республиканская клиническая больница»");
        var discharged = c.DaysBefore(0, 3);
        var admitted = discharged.AddDays(-c.Random.Next(7, 21));
        var form095 = c.Random.Next(2) == 0;
        t.Header("Министерство здравоохранения Российской Федерации").Header(clinic)
            .Center($"ОГРН {c.Digits(13)}, тел. (495) {c.Digits(3)}-{c.Digits(2)}-{c.Digits(2)}");
        if (form095 && c.Spec.DistractorDates)
        {
            t.Right("Медицинская документация. Форма № 095/у").Right("утверждена приказом Минздрава СССР от 04.10.1980 № 1030");
        }

        t.Gap().Title("СПРАВКА").Center($"№ {c.Random.Next(100, 9999)} от {c.IssueDate(DateStyle.Quoted)}").Gap()
            .Text($"Выдана {c.SubjectName(SubjectForm.Dative)}" +
                  (c.Spec.DistractorDates ? $", {c.Date(c.Spec.BirthDate, DateStyle.Numeric)} года рождения," : ",") +
                  $" в том, что {c.G("он", "она")} {c.G("находился", "находилась")} на стационарном лечении в терапевтическом отделении " +
                  $"с {c.OtherDate(admitted, DateStyle.Numeric)} по {c.OtherDate(discharged, DateStyle.Numeric)} с диагнозом: " +
                  c.Pick("внебольничная пневмония (J18.9).", "острый бронхит (J20.9).", "гипертоническая болезнь II стадии (I11.9)."))
            .Text("Справка выдана для предоставления по месту требования.")
            .Gap()
            .Columns("Лечащий врач", "____________", TemplateContext.Official(c.Spec.DoctorFio))
            .Signature("Главный врач", TemplateContext.Official(c.Spec.SignatoryFio));
        return t;
    }

    private static DocText UnemploymentCertificate(TemplateContext c)
    {
        var t = new DocText();
        var recognised = c.DaysBefore(5, 20);
        t.Header("Комитет по труду и занятости населения")
            .Header(c.Pick("ГКУ «Центр занятости населения города Москвы»", "ГКУ «Центр занятости населения Санкт-Петербурга»", "ГКУ КО «Центр занятости населения Калужской области»"))
            .Center($"Отдел трудоустройства «{c.Pick("Тверской", "Приморский", "Калужский")}»")
            .Gap().Title("СПРАВКА").Center("о признании гражданина безработным")
            .Center($"№ {c.Digits(2)}-{c.Digits(5)} от {c.IssueDate()}").Gap()
            .Text($"Дана {c.SubjectName(SubjectForm.Dative)}" +
                  (c.Spec.DistractorDates ? $", дата рождения {c.Date(c.Spec.BirthDate, DateStyle.Numeric)}," : ",") +
                  $" паспорт серии {c.Digits(2)} {c.Digits(2)} № {c.Digits(6)}, в том, что {c.G("он", "она")} " +
                  $"{c.G("признан безработным", "признана безработной")} приказом ГКУ ЦЗН от {c.OtherDate(recognised, DateStyle.Numeric)} " +
                  $"№ {c.Digits(4)}-Б и состоит на регистрационном учёте в целях поиска подходящей работы.")
            .Text($"Размер пособия по безработице: {c.Random.Next(1500, 15000)} руб. в месяц.")
            .Text("Справка выдана для предъявления по месту требования.")
            .Gap()
            .Signature("Директор", TemplateContext.Official(c.Spec.SignatoryFio));
        return t;
    }

    private static DocText EmploymentRecord(TemplateContext c)
    {
        var t = new DocText();
        var hired = c.Spec.IssueDate.AddYears(-c.Random.Next(1, 6)).AddDays(-c.Random.Next(0, 200));
        var fired = c.DaysBefore(0, 10);
        var employer = c.Pick("ООО «Вектор»", "АО «Промстрой»", "ООО «Торговый дом Север»");
        if (c.Spec.DistractorDates)
        {
            t.Right("Форма СТД-Р").Right("утверждена приказом Минтруда России от 10.11.2022 № 713н");
        }

        t.Gap().Title("СВЕДЕНИЯ О ТРУДОВОЙ ДЕЯТЕЛЬНОСТИ,").Center("предоставляемые работнику работодателем").Gap();
        c.SubjectFields(t, upper: true, oneLine: true);
        if (c.Spec.DistractorDates)
        {
            t.Columns("Дата рождения", c.Date(c.Spec.BirthDate, DateStyle.Numeric));
        }

        t.Columns("СНИЛС", $"{c.Digits(3)}-{c.Digits(3)}-{c.Digits(3)} {c.Digits(2)}")
            .Columns("Наименование работодателя", employer)
            .Columns("ИНН", c.Digits(10), "КПП", c.Digits(9))
            .Gap()
            .Row("№ п/п", "Дата", "Сведения о приеме, переводе, увольнении", "Основание")
            .Row("1", c.OtherDate(hired, DateStyle.Numeric), "Прием на работу, менеджер", $"Приказ № {c.Random.Next(1, 99)}-к")
            .Row("2", c.OtherDate(fired, DateStyle.Numeric), "Увольнение, п. 3 ч. 1 ст. 77 ТК РФ", $"Приказ № {c.Random.Next(100, 199)}-к")
            .Gap()
            .Columns("Дата заполнения", c.IssueDate())
            .Signature("Генеральный директор", TemplateContext.Official(c.Spec.SignatoryFio));
        return t;
    }

    private static DocText DismissalOrder(TemplateContext c)
    {
        var t = new DocText();
        var employer = c.Pick("ООО «Вектор»", "АО «Промстрой»", "ООО «Торговый дом Север»");
        if (c.Spec.DistractorDates)
        {
            t.Right("Унифицированная форма № Т-8").Right("Утверждена постановлением Госкомстата России от 05.01.2004 № 1");
        }

        t.Header(employer).Gap()
            .Title("ПРИКАЗ")
            .Center("о прекращении (расторжении) трудового договора с работником (увольнении)")
            .Center($"№ {c.Random.Next(100, 999)}-к от {c.IssueDate()}").Gap()
            .Text($"Прекратить действие трудового договора от {c.OtherDate(c.Spec.IssueDate.AddYears(-3), DateStyle.Numeric)} № {c.Random.Next(10, 99)}, " +
                  $"уволить {c.OtherDate(c.Spec.IssueDate, DateStyle.Numeric)}:")
            .Text(c.SubjectName(SubjectForm.Genitive))
            .Text($"табельный номер {c.Digits(4)}, отдел продаж, менеджер.")
            .Text("Основание прекращения трудового договора: сокращение численности работников организации, п. 2 ч. 1 ст. 81 Трудового кодекса Российской Федерации.")
            .Gap()
            .Signature("Руководитель организации", TemplateContext.Official(c.Spec.SignatoryFio))
            .Text("С приказом (распоряжением) работник ознакомлен: ____________");
        return t;
    }

    private static DocText IncomeCertificate(TemplateContext c)
    {
        var t = new DocText();
        var year = c.Spec.IssueDate.Year - 1;
        if (c.Spec.DistractorDates)
        {
            t.Right("Приложение № 4 к приказу ФНС России от 19.09.2023 № БС-7-11/649@");
        }

        t.Right("Форма по КНД 1175018").Gap()
            .Title("СПРАВКА О ДОХОДАХ И СУММАХ НАЛОГА ФИЗИЧЕСКОГО ЛИЦА")
            .Center($"за {year} год от {c.IssueDate()}").Gap()
            .Text("1. Сведения о налоговом агенте")
            .Columns("ИНН", c.Digits(10), "КПП", c.Digits(9))
            .Columns("Налоговый агент", c.Pick("ООО «Вектор»", "АО «Промстрой»", "ПАО «Ростелеком»"))
            .Text("2. Данные о физическом лице – получателе дохода")
            .Columns("ИНН в Российской Федерации", c.Digits(12));
        c.SubjectFields(t, upper: true, oneLine: true);
        t.Columns("Статус налогоплательщика", "1", "Гражданство (код страны)", "643");
        if (c.Spec.DistractorDates)
        {
            t.Columns("Дата рождения", c.Date(c.Spec.BirthDate, DateStyle.Numeric));
        }

        t.Columns("Код вида документа", "21", "Серия и номер", $"{c.Digits(2)} {c.Digits(2)} {c.Digits(6)}")
            .Text("3. Доходы, облагаемые по ставке 13 %")
            .Row("Месяц", "Код дохода", "Сумма дохода", "Код вычета", "Сумма вычета");
        var monthly = c.Random.Next(40, 160) * 1000;
        for (var month = 1; month <= 6; month++)
        {
            t.Row($"{month:00}", "2000", $"{Money(monthly)}", string.Empty, string.Empty);
        }

        t.Text("4. Общие суммы дохода и налога")
            .Columns("Общая сумма дохода", $"{Money(monthly * 6)}", "Налоговая база", $"{Money(monthly * 6)}")
            .Columns("Сумма налога исчисленная", $"{Money(monthly * 6 * 13 / 100)}", "Сумма налога удержанная", $"{Money(monthly * 6 * 13 / 100)}")
            .Gap()
            .Signature("Налоговый агент", TemplateContext.Official(c.Spec.SignatoryFio));
        return t;
    }

    private static DocText MobilizationCertificate(TemplateContext c)
    {
        var t = new DocText();
        var called = c.DaysBefore(2, 20);
        t.Header("Министерство обороны Российской Федерации")
            .Header($"Военный комиссариат {c.Pick("Тверского района г. Москвы", "Октябрьского района г. Ростова-на-Дону", "г. Твери и Калининского района")}")
            .Gap().Title("СПРАВКА").Center($"№ {c.Random.Next(100, 9999)} от {c.IssueDate()}").Gap()
            .Text($"Выдана {c.SubjectName(SubjectForm.Dative)}" +
                  (c.Spec.DistractorDates ? $", {c.Date(c.Spec.BirthDate, DateStyle.Numeric)} года рождения," : ",") +
                  $" в том, что {c.G("он", "она")} {c.G("призван", "призвана")} на военную службу по мобилизации в Вооружённые Силы Российской Федерации " +
                  $"{c.OtherDate(called, DateStyle.Numeric)}" +
                  (c.Spec.DistractorDates ? " в соответствии с Указом Президента Российской Федерации от 21.09.2022 № 647 «Об объявлении частичной мобилизации в Российской Федерации»." : "."))
            .Text("Справка выдана для представления по месту требования.")
            .Gap()
            .Signature("Военный комиссар", TemplateContext.Official(c.Spec.SignatoryFio));
        return t;
    }

    private static DocText MobilizationSummons(TemplateContext c)
    {
        var t = new DocText();
        var appear = c.Spec.IssueDate.AddDays(c.Random.Next(2, 6));
        t.Header($"Военный комиссариат {c.Pick("Центрального района г. Новосибирска", "Ленинского района г. Екатеринбурга")}")
            .Gap().Title("ПОВЕСТКА").Center($"Серия МБ № {c.Digits(6)}").Gap()
            .Text($"Гражданин {c.SubjectName(SubjectForm.Nominative)}")
            .Text($"В соответствии с Федеральным законом «О мобилизационной подготовке и мобилизации» Вам надлежит явиться {c.OtherDate(appear, DateStyle.Quoted)} к 09 час. 00 мин. " +
                  "в военный комиссариат для отправки к месту прохождения военной службы по мобилизации.")
            .Text("При себе иметь: паспорт, военный билет, СНИЛС, документы об образовании.")
            .Gap()
            .Columns("Дата вручения", c.IssueDate())
            .Signature("Военный комиссар", TemplateContext.Official(c.Spec.SignatoryFio));
        return t;
    }

    private static DocText DisabilityCertificate(TemplateContext c)
    {
        var t = new DocText();
        var established = c.DaysBefore(0, 3);
        t.Header("ФКУ «Главное бюро медико-социальной экспертизы по г. Москве» Минтруда России")
            .Header($"Бюро медико-социальной экспертизы № {c.Random.Next(1, 90)} – филиал")
            .Gap().Title("СПРАВКА,").Center("подтверждающая факт установления инвалидности")
            .Center($"Серия МСЭ-{c.Spec.IssueDate.Year} № {c.Digits(7)}").Gap();
        c.SubjectFields(t, upper: false, oneLine: false);
        if (c.Spec.DistractorDates)
        {
            t.Columns("Дата рождения", c.Date(c.Spec.BirthDate, DateStyle.Numeric));
        }

        t.Columns("Инвалидность установлена", c.OtherDate(established, DateStyle.Numeric))
            .Columns("Группа инвалидности", c.Pick("первая", "вторая", "третья"))
            .Columns("Причина инвалидности", "общее заболевание")
            .Columns("Дата очередного освидетельствования", c.Spec.DistractorDates ? c.Date(c.Spec.IssueDate.AddYears(1), DateStyle.Numeric) : "бессрочно")
            .Columns("Дата выдачи справки", c.IssueDate())
            .Gap()
            .Signature("Руководитель бюро", TemplateContext.Official(c.Spec.SignatoryFio));
        return t;
    }

    private static DocText EmergencyCertificate(TemplateContext c)
    {
        var t = new DocText();
        var happened = c.DaysBefore(5, 30);
        var byMchs = c.Random.Next(2) == 0;
        t.Header(byMchs ? "МЧС России" : "Российская Федерация")
            .Header(byMchs
                ? $"Главное управление МЧС России по {c.Pick("Краснодарскому краю", "Иркутской области", "Амурской области")}"
                : $"Администрация муниципального образования «{c.Pick("Город Крымск", "Город Тулун", "Город Орск")}»")
            .Gap().Title("СПРАВКА").Center($"от {c.IssueDate(DateStyle.Quoted)} № {c.Digits(2)}-{c.Digits(2)}/{c.Random.Next(100, 999)}").Gap()
            .Text($"Дана {c.SubjectName(SubjectForm.Dative)}" +
                  (c.Spec.DistractorDates ? $", {c.Date(c.Spec.BirthDate, DateStyle.Numeric)} г.р.," : ",") +
                  $" проживающему по адресу: ул. Речная, д. {c.Random.Next(1, 80)}, в том, что {c.G("он", "она")} " +
                  $"{c.G("пострадал", "пострадала")} в результате чрезвычайной ситуации природного характера ({c.Pick("паводок", "лесной пожар", "ураган")}), " +
                  $"произошедшей {c.OtherDate(happened, DateStyle.Numeric)}. Жилое помещение по указанному адресу попало в зону чрезвычайной ситуации.")
            .Text("Справка выдана для предоставления в кредитную организацию.")
            .Gap()
            .Signature(byMchs ? "Начальник управления" : "Глава администрации", TemplateContext.Official(c.Spec.SignatoryFio));
        return t;
    }

    private static DocText BirthCertificate(TemplateContext c)
    {
        var t = new DocText();
        var born = c.DaysBefore(5, 20);
        var applicant = c.Subject;
        var other = c.Male
            ? new PersonName(PersonName.SurnameFor(applicant.Surname, Gender.Female), c.Pick("Мария", "Елена", "Ольга"), c.Pick("Сергеевна", "Андреевна"))
            : new PersonName(PersonName.SurnameFor(applicant.Surname, Gender.Male), c.Pick("Дмитрий", "Алексей", "Игорь"), c.Pick("Николаевич", "Олегович"));
        var father = c.Male ? applicant : other;
        var (childGiven, childGender) = c.Pick(("Артём", Gender.Male), ("Софья", Gender.Female), ("Михаил", Gender.Male), ("Анна", Gender.Female));
        var childPatronymic = PersonName.PatronymicFrom(father.Given, childGender);
        t.Header("РОССИЙСКАЯ ФЕДЕРАЦИЯ").Gap()
            .Title("СВИДЕТЕЛЬСТВО О РОЖДЕНИИ").Gap()
            .Columns("Фамилия", PersonName.SurnameFor(father.Surname, childGender))
            .Columns("Имя", childGiven)
            .Columns("Отчество", childPatronymic)
            .Columns("дата рождения", c.OtherDate(born, DateStyle.Numeric))
            .Columns("место рождения", c.Pick("г. Москва", "г. Тверь", "г. Самара"))
            .Text($"о чём составлена запись акта о рождении № {c.Digits(19)}")
            .Gap();
        var applicantPrinted = c.SubjectName(SubjectForm.Nominative);
        var (fatherText, motherText) = c.Male ? (applicantPrinted, other.Full) : (other.Full, applicantPrinted);
        t.Columns("Отец", fatherText).Columns("гражданство", "Российская Федерация")
            .Columns("Мать", motherText).Columns("гражданство", "Российская Федерация")
            .Gap()
            .Columns("Место государственной регистрации", $"Отдел ЗАГС № {c.Random.Next(1, 40)} Управления ЗАГС")
            .Columns("Дата выдачи", c.IssueDate(DateStyle.Quoted))
            .Signature("Руководитель органа записи актов гражданского состояния", TemplateContext.Official(c.Spec.SignatoryFio))
            .Center($"{c.Pick("IV", "VI", "XI")}-МЮ № {c.Digits(6)}");
        return t;
    }

    private static string Money(decimal amount) => amount.ToString("N2", Russian).Replace('\u00A0', ' ').Replace('\u202F', ' ');

    private static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");

    private static DocText Unrelated(TemplateContext c)
    {
        var t = new DocText();
        if (c.Random.Next(2) == 0)
        {
            t.Title("Кафе «Уют»").Center("Меню бизнес-ланча").Gap()
                .Row("Салат «Цезарь» с курицей", "250 г", "320 руб.")
                .Row("Суп дня: борщ со сметаной", "300 г", "210 руб.")
                .Row("Котлета по-киевски с пюре", "350 г", "390 руб.")
                .Row("Морс клюквенный", "250 мл", "120 руб.")
                .Gap().Text("Бизнес-ланч подаётся с 12:00 до 16:00 по будним дням. Приятного аппетита!");
        }
        else
        {
            t.Right("Здравствуй, дорогая Лена!").Gap()
                .Text("Пишу тебе с дачи. Погода стоит тёплая, яблоки в этом году уродились на славу, и мы с Петей уже сварили двенадцать банок варенья. " +
                      "Соседи передают привет и зовут в гости на выходные. Как там ваши дела, как учёба у Саши?")
                .Text("Приезжайте, как только сможете. Обнимаю, твоя тётя Валя.");
        }

        return t;
    }
}
