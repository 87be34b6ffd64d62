using RbIdp.Pipeline.Checks;
using RbIdp.Pipeline.Checks.Classification;
using RbIdp.Pipeline.Checks.Dates;
using RbIdp.Pipeline.Checks.Names;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Tests.Checks;

/// <summary>
/// The failures seen on documents this project did not make (other generators, real scans and photos), each as
/// the text OCR gave for it, and how a clerk reads it.
/// </summary>
public sealed class DocumentsMadeElsewhereTests
{
    private static readonly DeferralPolicy Policy = DeferralPolicy.LoadDefault();

    // A photographed advance report (its own person's name in it) claimed as a sick leave: «Номер» said "sick leave".
    private const string AdvanceReport = """
        Утверждаю
        Отчет в сумме 12 500 руб.
        Руководитель ______ Смирнов А.В.
        АВАНСОВЫЙ ОТЧЕТ № 14
        от 12 октября 2026 г.
        Номер
        Подотчетное лицо Кузнецов Олег Игоревич
        Назначение аванса: командировка
        """;

    [Fact]
    public void An_advance_report_claimed_as_a_sick_leave_is_rejected_as_another_kind_of_document()
    {
        var request = new DocumentRequest("Кузнецов Олег Игоревич", DeferralReason.Illness, DocumentType.SickLeave, new DateOnly(2026, 10, 20));

        var findings = RuleChecks.Run(AdvanceReport, request, Policy);

        Assert.Contains(findings.Errors, e => e is { Code: ErrorCode.DocTypeMismatch, Severity: Severity.Reject });
        Assert.NotEqual(DocumentType.SickLeave, findings.DocType);
    }

    [Fact]
    public void The_word_Nomer_alone_says_nothing_about_a_sick_leave()
    {
        var result = DocumentClassifier.Classify("Номер\nДата 12.10.2026\nСумма 500 руб.", Policy.Thresholds, Policy.TitleRequired);

        Assert.Null(result.Type);
        Assert.Equal(0, result.For(DocumentType.SickLeave).Score);
    }

    [Theory]
    [InlineData("sick leave without its title", DocumentType.SickLeave, "Электронный\nПричина нетрудоспособности: 01\nОсвобождение от работы с 10.11.2026\nПриступить к работе 20.11.2026")]
    [InlineData("2-NDFL without its title", DocumentType.IncomeCertificate, "Налоговый агент ООО «Ромашка»\nПолучатель дохода Иванов И.П.\nКод дохода 2000\nНДФЛ удержанный 13 000")]
    public void A_stamp_free_type_is_not_recognised_without_its_title(string scenario, DocumentType type, string text)
    {
        var result = DocumentClassifier.Classify(text, Policy.Thresholds, Policy.TitleRequired);

        Assert.True(result.Type != type, scenario);
    }

    [Theory]
    [InlineData("car sale contract", "ДОГОВОР КУПЛИ-ПРОДАЖИ\nавтомобиля\nг. Москва 12.10.2026\nПродавец Иванов Иван Петрович")]
    [InlineData("power of attorney", "ДОВЕРЕННОСТЬ\nг. Тула, двенадцатое октября две тысячи двадцать шестого года\nЯ, Иванов Иван Петрович")]
    [InlineData("invoice", "Счет на оплату № 118 от 12.10.2026\nПоставщик ООО «Вектор»")]
    [InlineData("waybill", "ТОВАРНАЯ НАКЛАДНАЯ № 54\nГрузоотправитель ООО «Вектор»")]
    public void A_document_of_another_kind_is_a_type_mismatch_for_every_claim(string scenario, string text)
    {
        foreach (var type in Enum.GetValues<DocumentType>())
        {
            var reason = Policy.Evidence.First(e => e.Value.Contains(type)).Key;
            var findings = RuleChecks.Run(text, new DocumentRequest("Иванов Иван Петрович", reason, type, new DateOnly(2026, 10, 20)), Policy);
            Assert.True(findings.Errors.Any(e => e is { Code: ErrorCode.DocTypeMismatch, Severity: Severity.Reject }), $"{scenario} as {type}");
        }
    }

    [Fact]
    public void A_termination_of_an_employment_contract_is_no_foreign_contract()
    {
        const string text = "ПРИКАЗ\n(распоряжение)\nо прекращении (расторжении) трудового\nдоговора с работником (увольнении)\n№ 245-к от 01.10.2026\nУволить Иванова Ивана Петровича";

        var findings = RuleChecks.Run(text, new DocumentRequest("Иванов Иван Петрович", DeferralReason.JobLoss, DocumentType.EmploymentRecord, new DateOnly(2026, 10, 20)), Policy);

        Assert.Empty(findings.Errors);
    }

    [Theory]
    [InlineData("genitive on a phone photo, г.р. read as r.p.", "Выдана Волковой Вере Владимировке, 20.09.1987 r.p., в том, что она признана безработной.\n\n«04» ноября 2026 г.", "2026-11-04")]
    [InlineData("the title's от after a tax year", "СПРАВКА О ДОХОДАХ ФИЗИЧЕСКОГО ЛИЦА\nза 2017 год от 04.04.2018\nДата рождения 01.02.1980", "2018-04-04")]
    [InlineData("Дата формирования is a print date", "Листок нетрудоспособности\nДата выдачи 03.11.2026\nДата формирования 19.11.2026", "2026-11-03")]
    [InlineData("Дата следующей явки is an appointment", "Справка\n«10» ноября 2026 г.\nДата следующей явки 24.11.2026", "2026-11-10")]
    [InlineData("the day to report is no issue date", "ПОВЕСТКА\nобязаны «02» сентября 2026 г. к 08 ч. 00 мин. явиться в военный комиссариат\nГришин А.А.\n29.08.2026 г.", "2026-08-29")]
    [InlineData("a date after the person's name is no issue date", "Выдана Иванову Ивану Петровичу, 12.05.1985\nМ.П. 06.11.2026", "2026-11-06")]
    public void The_date_that_dates_the_document_is_chosen(string scenario, string text, string expected)
    {
        var date = IssueDateExtractor.Extract(text, new DateOnly(2027, 11, 20));

        Assert.True(date is not null, scenario);
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), date.Date);
    }

    [Fact]
    public void Only_a_print_date_is_taken_when_nothing_else_dates_the_document()
    {
        var date = IssueDateExtractor.Extract("Сведения о трудовой деятельности\nДата формирования 19.11.2026");

        Assert.Equal((new DateOnly(2026, 11, 19), IssueDateBasis.Printed), (date?.Date, date?.Basis));
    }

    [Fact]
    public void A_malformed_date_far_in_the_future_is_no_date_and_no_rejection()
    {
        var request = new DocumentRequest("Иванов Иван Петрович", DeferralReason.IncomeDecrease, DocumentType.IncomeCertificate, new DateOnly(2026, 11, 20));
        const string text = "СПРАВКА О ДОХОДАХ И СУММАХ НАЛОГА ФИЗИЧЕСКОГО ЛИЦА\nПолучатель дохода Иванов Иван Петрович\nДата 04.04.2078";

        var findings = RuleChecks.Run(text, request, Policy);

        Assert.DoesNotContain(findings.Errors, e => e.Code == ErrorCode.DateInFuture);
        Assert.Contains(findings.Errors, e => e.Code == ErrorCode.DateMissing);
    }

    [Theory]
    [InlineData("labels after the values (a birth certificate's captions)", "Виноградова Татьяна Васильевна", "СВИДЕТЕЛЬСТВО О РОЖДЕНИИ\n\nВиноградова\n\nфамилия\n\nЮлия\n\nимя\n\nВладимировна\n\nотчество\n\nОтец\n\nВиноградов Владимир Александрович\n\nФамилия, имя, отчество\n\nгражданин России\n\nМать\n\nгражданство\n\nВиноградова Татьяна Васильевна\n\nФамилия, имя, отчество\n\nДата выдачи 30.07.2026", "Виноградова Татьяна Васильевна")]
    [InlineData("initials that lost their dot", "Гусев Роман Павлович", "СПРАВКА\nВыдана РП. Гусеву, 20.01.1984 года рождения, в том, что он находился на лечении\nГлавный врач Кравченко О.Н.", "РП. Гусеву")]
    [InlineData("a certificate that confirms the status of the applicant", "Семёнов Тимур Павлович", "СПРАВКА\nНастоящая справка подтверждает статус Семёнова Тимура Павловича (22.12.1987 г.р.)\nкак гражданина, пострадавшего в результате чрезвычайной ситуации\nГришин А.А.", "Семёнова Тимура Павловича")]
    [InlineData("labelled fields give the name without their labels", "Соколов Фёдор Геннадьевич", "Получатель дохода\nФамилия Соколов Имя Фёдор Отчество Геннадьевич\nИНН 771234567890", "Соколов Фёдор Геннадьевич")]
    public void The_applicant_is_found_as_the_subject(string scenario, string fio, string text, string written)
    {
        var match = FioMatcher.Match(fio, text, DocumentType.BirthCertificate is var birth && text.Contains("РОЖДЕНИИ", StringComparison.Ordinal) ? birth : null);

        Assert.True(match.Outcome == FioOutcome.Match, $"{scenario}: {match.Outcome}");
        Assert.Equal(written, match.Evidence?.Text);
    }

    [Fact]
    public void A_clearly_read_near_miss_surname_is_another_person_but_a_damaged_one_is_undecided()
    {
        const string text = "СПРАВКА\nВыдана Смирнину Павлу Михайловичу, 16.05.2001 г.р., в том, что он признан пострадавшим в результате чрезвычайной ситуации";
        var request = new DocumentRequest("Смирнов Павел Михайлович", DeferralReason.Emergency, DocumentType.EmergencyCertificate, new DateOnly(2026, 8, 31));

        var clear = RuleChecks.Run(text, request, Policy, RuleChecksTests.ReadAt(text, 95));
        var damaged = RuleChecks.Run(text, request, Policy, RuleChecksTests.ReadAt(text, 80));

        Assert.Contains(clear.Errors, e => e is { Code: ErrorCode.FioMismatch, Severity: Severity.Reject });
        Assert.DoesNotContain(damaged.Errors, e => e.Code == ErrorCode.FioMismatch);
        Assert.Contains(damaged.Errors, e => e.Code == ErrorCode.FioNotFound);
    }

    [Theory]
    [InlineData("Иванов Михаил Петрович", "Пациент: Иванова М.П.", nameof(FioOutcome.NotFound))]
    [InlineData("Иванов Михаил Петрович", "Пациент: Иванова Михаила Петровича", nameof(FioOutcome.Match))]
    [InlineData("Иванов Михаил Петрович", "Пациент: Иванову М.П.", nameof(FioOutcome.Match))]
    [InlineData("Иванова Мария Петровна", "Пациент: Иванов М.П.", nameof(FioOutcome.Mismatch))]
    [InlineData("Гусев Роман Павлович", "Выдана Р.П. Гусеву", nameof(FioOutcome.Match))]
    [InlineData("Белоусова Ксения Павловна", "Выдана К. П. Белоусову", nameof(FioOutcome.Match))]
    public void A_surname_that_is_also_the_other_genders_with_initials_only_is_undecided(string fio, string text, string expected) =>
        Assert.Equal(expected, FioMatcher.Match(fio, text).Outcome.ToString());

    [Fact]
    public void The_applicant_beside_another_full_name_with_no_roles_is_not_guessed()
    {
        var match = FioMatcher.Match("Иванов Иван Петрович", "Иванов Иван Петрович\nПетров Сергей Николаевич\n12.10.2026");

        Assert.Equal(FioOutcome.NotFound, match.Outcome);
    }

    [Fact]
    public void A_2ndfl_table_read_out_of_order_names_the_applicant_but_cannot_name_someone_else()
    {
        // OCR of a phone photo of a 2-NDFL: the table's cells come out of order, values far from their labels.
        const string scrambled = "СПРАВКА О ДОХОДАХ И СУММАХ НАЛОГА ФИЗИЧЕСКОГО ЛИЦА\n2. Данные о физическом лице - получателе дохода\n"
            + "Отчество СЕРГЕЕВИЧ\nГражданство (код страны) 643\nФамилия МОРОЗОВ Имя\nСтатус налогоплательщика 1\nДата рождения\n"
            + "Код вида документа 21\nАО «Промстрой»\n\nПАВЕЛ\n\nза 2025 год от 31.07.2026";

        var applicant = FioMatcher.Match("Морозов Павел Сергеевич", scrambled, DocumentType.IncomeCertificate);
        var someoneElse = FioMatcher.Match("Морозов Павел Андреевич", scrambled, DocumentType.IncomeCertificate);

        Assert.Equal(FioOutcome.Match, applicant.Outcome);
        Assert.Equal("МОРОЗОВ ПАВЕЛ СЕРГЕЕВИЧ", applicant.Evidence?.Text);
        Assert.Equal(FioOutcome.NotFound, someoneElse.Outcome);
    }

    [Theory]
    [InlineData("Фамилия Петров Имя Сергей Отчество Ильич")]
    [InlineData("Фамилия Имя Отчество\nПетров Сергей Ильич")]
    [InlineData("Фамилия\nПетров\nИмя\nСергей\nОтчество\nИльич")]
    public void A_form_whose_values_stand_by_their_labels_names_its_subject_with_certainty(string text) =>
        Assert.Equal(FioOutcome.Mismatch, FioMatcher.Match("Иванов Иван Петрович", text).Outcome);

    [Fact]
    public void The_fio_caption_of_a_signature_block_names_who_signs_not_the_subject()
    {
        const string text = "СПРАВКА\nВыдана Иванову Ивану Петровичу в том, что он признан безработным.\nПодпись ________ Ф.И.О. Петров Сергей Ильич";

        var match = FioMatcher.Match("Петров Сергей Ильич", text);

        Assert.Equal(FioOutcome.Mismatch, match.Outcome);
        Assert.Equal(PersonRole.Subject, match.Evidence?.Role);
        Assert.Equal("Иванову Ивану Петровичу", match.Evidence?.Text);
    }

    [Fact]
    public void A_heading_in_capitals_is_no_person()
    {
        var persons = PersonMentionFinder.Find("АВАНСОВЫЙ ОТЧЕТ\nУтверждаю\nСПРАВКА О ДОХОДАХ И СУММАХ НАЛОГА");

        Assert.DoesNotContain(persons, p => p.Text.Contains("ОТЧЕТ", StringComparison.Ordinal) || p.Text.Contains("СУММАХ", StringComparison.Ordinal));
    }
}
