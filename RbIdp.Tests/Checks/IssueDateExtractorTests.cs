using RbIdp.Pipeline.Checks.Dates;

namespace RbIdp.Tests.Checks;

public sealed class IssueDateExtractorTests
{
    [Theory]
    [InlineData("dotted", "Дата выдачи 12.11.2026", "2026-11-12")]
    [InlineData("two-digit year", "Дата выдачи: 12.11.26", "2026-11-12")]
    [InlineData("quoted day, genitive month", "Дата выдачи «12» ноября 2026 г.", "2026-11-12")]
    [InlineData("written out with года", "Выдана 12 ноября 2026 года", "2026-11-12")]
    [InlineData("ISO", "Дата формирования: 2026-11-12", "2026-11-12")]
    [InlineData("boxed form field", "Дата выдачи  17 . 04 . 2018", "2018-04-17")]
    [InlineData("one digit per box", "Дата выдачи |1 7|.|0 4|.|2 0 1 8|", "2018-04-17")]
    [InlineData("slashes", "Дата заполнения 12/11/2026", "2026-11-12")]
    [InlineData("month with OCR noise (Latin o)", "Дата выдачи «3» нoября 2026 г.", "2026-11-03")]
    [InlineData("May in the genitive", "Справка выдана 5 мая 2026 г.", "2026-05-05")]
    [InlineData("digit O read as a letter", "Дата выдачи 12.11.2O26", "2026-11-12")]
    [InlineData("title's от", "СПРАВКА № 58 от 03.11.2026\nДиагноз: ОРВИ", "2026-11-03")]
    [InlineData("label on the line above", "Дата выдачи\n10.11.2026", "2026-11-10")]
    [InlineData("birth date with дата рождения is skipped", "Дата рождения 12.05.1985\nДата выдачи 01.11.2026", "2026-11-01")]
    [InlineData("birth date with г.р. is skipped", "Иванов И.П., 12.05.1985 г.р.\n20.10.2026", "2026-10-20")]
    [InlineData("a period с … по … is skipped", "Освобождение от работы с 10.11.2026 по 17.11.2026\nДата выдачи 09.11.2026", "2026-11-09")]
    [InlineData("a period with a dash is skipped", "Период: 10.11.2026 – 17.11.2026\n05.11.2026 М.П.", "2026-11-05")]
    [InlineData("the form's approval in the header is skipped", "Приложение № 4\nк приказу ФНС России\nот 15.10.2020 № ЕД-7-11/753@\nСправка о доходах за 2025 год от 05.11.2026", "2026-11-05")]
    [InlineData("утверждена приказом is skipped", "Утверждена приказом Минздрава России от 15.12.2014 № 834н\nСправка\n«10» ноября 2026 г.", "2026-11-10")]
    [InlineData("a passport's issue date is skipped", "Паспорт 45 10 123456, выдан ОВД «Таганский» 20.06.2005\nДата выдачи справки 06.11.2026", "2026-11-06")]
    [InlineData("a deadline to report is skipped", "Вам надлежит явиться 20.11.2026 к 09:00\nМ.П.\n«14» ноября 2026 г.", "2026-11-14")]
    [InlineData("a tax year is no date", "Справка о доходах за 2025 год\n5 ноября 2026 г.", "2026-11-05")]
    [InlineData("no label: the latest date", "Договор от 01.02.2019\nстаж с 2019 года\n10.10.2026\n01.03.2026", "2026-10-10")]
    [InlineData("the labelled date beats a later unlabelled one", "Дата выдачи 01.11.2026\nСрок действия до 01.12.2026", "2026-11-01")]
    [InlineData("an impossible date is skipped", "Дата выдачи 31.02.2026\nМ.П. 27.02.2026", "2026-02-27")]
    [InlineData("abbreviated month", "Выдана 10 ноя. 2026", "2026-11-10")]
    [InlineData("no spaces around the month", "Выдана «10»ноября 2026г.", "2026-11-10")]
    [InlineData("date by the signature", "Подпись ______ 10.11.2026", "2026-11-10")]
    [InlineData("period in written dates, then М.П.", "с «01» ноября 2026 г. по «15» ноября 2026 г.\nМ.П. 16.11.2026", "2026-11-16")]
    [InlineData("a period with an em dash", "Период нетрудоспособности: 10.11.2026 — 17.11.2026\nДата 09.11.2026", "2026-11-09")]
    [InlineData("О and l read inside the numbers", "Дата выдачи 1O.l1.2O26", "2026-11-10")]
    [InlineData("title of an old 2-NDFL", "СПРАВКА О ДОХОДАХ ФИЗИЧЕСКОГО ЛИЦА за 2025 год № 15 от 05.11.2026\nДата рождения 01.01.1990", "2026-11-05")]
    [InlineData("the own number line under a title of several lines", "СПРАВКА\nо признании гражданина безработным\n№ 63-48175 от «07» ноября 2026 г.\nДана Иванову И.П. в том, что он признан безработным приказом ГКУ ЦЗН от 18.10.2026 № 4352-Б", "2026-11-07")]
    [InlineData("an order cited in the body is not the title", "Справка № 5 от 01.11.2026\nв том, что он признан безработным приказом от 03.11.2026 № 4352-Б", "2026-11-01")]
    [InlineData("receipt of a summons by the signature", "Явиться 20.11.2026 к 9:00\nПовестку получил 14.11.2026 (подпись)", "2026-11-14")]
    public void Issue_date_is_read_from_the_snippet(string scenario, string text, string expected)
    {
        var issued = IssueDateExtractor.Extract(text);

        Assert.True(issued is not null, $"{scenario}: no date");
        Assert.True(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture) == issued.Date, $"{scenario}: {issued.Date:yyyy-MM-dd} from «{issued.Text}»");
    }

    [Theory]
    [InlineData("a blank form field", "Дата выдачи «__» ______ 20__ г.")]
    [InlineData("a partly filled field", "Дата выдачи «12» ________ 2026 г.")]
    [InlineData("only an impossible date", "Дата выдачи 31.02.2026")]
    [InlineData("only a birth date and a period", "Дата рождения 12.05.1985\nс 10.11.2026 по 17.11.2026")]
    [InlineData("no digits", "Справка дана для предъявления по месту требования")]
    [InlineData("a birth written out", "12 ноября 2026 года родился Иванов Артём")]
    public void Malformed_or_distracting_dates_are_no_issue_date(string scenario, string text)
    {
        var issued = IssueDateExtractor.Extract(text);

        Assert.True(issued is null, $"{scenario}: read {issued?.Date:yyyy-MM-dd} from «{issued?.Text}»");
    }

    [Theory]
    [InlineData(nameof(RussianDocumentTexts.SickLeave), "2026-11-10")]
    [InlineData(nameof(RussianDocumentTexts.MedicalCertificate), "2026-11-10")]
    [InlineData(nameof(RussianDocumentTexts.UnemploymentCertificate), "2026-11-12")]
    [InlineData(nameof(RussianDocumentTexts.EmploymentRecord), "2026-11-11")]
    [InlineData(nameof(RussianDocumentTexts.DismissalOrder), "2026-11-10")]
    [InlineData(nameof(RussianDocumentTexts.IncomeCertificate), "2026-11-05")]
    [InlineData(nameof(RussianDocumentTexts.MobilizationNotice), "2026-11-14")]
    [InlineData(nameof(RussianDocumentTexts.DisabilityCertificate), "2026-11-06")]
    [InlineData(nameof(RussianDocumentTexts.EmergencyCertificate), "2026-11-03")]
    [InlineData(nameof(RussianDocumentTexts.BirthCertificate), "2025-03-20")]
    public void Issue_date_of_a_whole_document(string document, string expected)
    {
        var text = RussianDocumentTexts.ByName(document);

        var issued = IssueDateExtractor.Extract(text);

        Assert.Equal(expected, issued?.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }
}
