using RbIdp.Pipeline.Checks.Names;
using RbIdp.Pipeline.Documents;

namespace RbIdp.Tests.Checks;

public sealed class FioMatcherTests
{
    private const string Ivanov = "Иванов Иван Петрович";

    [Theory]
    [InlineData("nominative, after Пациент", Ivanov, "Пациент: Иванов Иван Петрович, 12.05.1985 г.р.")]
    [InlineData("genitive: him, not Иванова Мария", Ivanov, "Справка дана для Иванова Ивана Петровича в том, что он работает")]
    [InlineData("dative, after Выдана", Ivanov, "Выдана Иванову Ивану Петровичу")]
    [InlineData("accusative", Ivanov, "Направляем Иванова Ивана Петровича на медико-социальную экспертизу")]
    [InlineData("instrumental", Ivanov, "Трудовой договор с Ивановым Иваном Петровичем прекращен")]
    [InlineData("prepositional", Ivanov, "Сведения об Иванове Иване Петровиче")]
    [InlineData("female nominative", "Петрова Мария Сергеевна", "Гражданка Петрова Мария Сергеевна")]
    [InlineData("female genitive", "Петрова Мария Сергеевна", "Справка дана для Петровой Марии Сергеевны")]
    [InlineData("female dative", "Петрова Мария Сергеевна", "Выдана Петровой Марии Сергеевне")]
    [InlineData("female accusative", "Петрова Мария Сергеевна", "Направляем Петрову Марию Сергеевну")]
    [InlineData("female instrumental", "Петрова Мария Сергеевна", "Договор с Петровой Марией Сергеевной расторгнут")]
    [InlineData("female prepositional", "Петрова Мария Сергеевна", "Сведения о Петровой Марии Сергеевне")]
    [InlineData("surname with initials after", Ivanov, "Пациент: Иванов И.П.")]
    [InlineData("dative surname with initials before", Ivanov, "Выдана И. П. Иванову")]
    [InlineData("initials glued to the surname", Ivanov, "Получатель: И.П.Иванов")]
    [InlineData("adjectival -ский, dative", "Сокольский Андрей Викторович", "Выдана Сокольскому Андрею Викторовичу")]
    [InlineData("adjectival -ская, dative", "Сокольская Анна Викторовна", "Выдана Сокольской Анне Викторовне")]
    [InlineData("-ой surname and Лев → Льву", "Толстой Лев Николаевич", "Выдана Толстому Льву Николаевичу")]
    [InlineData("Павел → Павла (fleeting vowel)", "Смирнов Павел Андреевич", "Справка дана для Смирнова Павла Андреевича")]
    [InlineData("Пётр and Сёмин with ё, text with е", "Сёмин Пётр Алексеевич", "Выдана Семину Петру Алексеевичу")]
    [InlineData("Илья, instrumental", "Кузнецов Илья Игоревич", "Договор с Кузнецовым Ильёй Игоревичем прекращен")]
    [InlineData("Никита (masculine in -а), dative", "Попов Никита Олегович", "Выдана Попову Никите Олеговичу")]
    [InlineData("Любовь, dative", "Орлова Любовь Ивановна", "Выдана Орловой Любови Ивановне")]
    [InlineData("indeclinable -енко", "Шевченко Тарас Григорьевич", "Выдана Шевченко Тарасу Григорьевичу")]
    [InlineData("indeclinable -их", "Черных Ольга Викторовна", "Выдана Черных Ольге Викторовне")]
    [InlineData("female surname in a consonant is indeclinable", "Шмидт Мария Карловна", "Выдана Шмидт Марии Карловне")]
    [InlineData("male surname in a consonant declines", "Шмидт Карл Иванович", "Выдана Шмидту Карлу Ивановичу")]
    [InlineData("foreign surname in a vowel", "Гюго Виктор Андреевич", "Выдана Гюго Виктору Андреевичу")]
    [InlineData("hyphenated surname, each part declined", "Петров-Водкин Кузьма Сергеевич", "Справка дана для Петрова-Водкина Кузьмы Сергеевича")]
    [InlineData("applicant without patronymic", "Ким Анна", "Выдана Ким Анне")]
    [InlineData("document adds the patronymic the applicant left out", "Иванов Иван", "Пациент: Иванов Иван Петрович")]
    [InlineData("Latin look-alikes inside the words", Ivanov, "Пациент: Ивaнoв Ивaн Пeтрoвич")]
    [InlineData("capitals printed with Latin letters", Ivanov, "ПАЦИЕНТ ИBAHOB ИBAH ПETPOBИЧ")]
    [InlineData("OCR read н for и", Ivanov, "Выдана Иваиову Ивану Петровнчу")]
    [InlineData("ё in the request, е in the text", "Фёдоров Семён Петрович", "Выдана Федорову Семену Петровичу")]
    [InlineData("labelled fields in a row", Ivanov, "Фамилия Иванов Имя Иван Отчество Петрович")]
    [InlineData("labelled fields one per line", Ivanov, "Фамилия: Иванов\nИмя: Иван\nОтчество (при наличии): Петрович\nДата рождения 12.05.1985")]
    [InlineData("labelled fields as a table header", Ivanov, "| Фамилия | Имя | Отчество |\n| Иванов | Иван | Петрович |")]
    [InlineData("Latin transliteration in the request", "Ivanov Ivan Petrovich", "Пациент: Иванов Иван Петрович")]
    [InlineData("given name, patronymic, then surname", Ivanov, "Справка дана Ивану Петровичу Иванову")]
    [InlineData("a doctor named beside the patient", Ivanov, "Пациент: Иванов Иван Петрович\nЛечащий врач: Сидоров Алексей Николаевич")]
    [InlineData("upper-case name split over two lines", Ivanov, "ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО\nИВАНОВ\nИВАН ПЕТРОВИЧ")]
    [InlineData("upper case after ФИО, a doctor below", Ivanov, "ЛИСТОК НЕТРУДОСПОСОБНОСТИ\nФИО: ИВАНОВ ИВАН ПЕТРОВИЧ\nВРАЧ: ПЕТРОВ СЕРГЕЙ ИВАНОВИЧ")]
    [InlineData("Ф.И.О. пациента as the label", Ivanov, "Ф.И.О. пациента: Иванов Иван Петрович")]
    [InlineData("hyphenated female surname, dative", "Римская-Корсакова Анна Петровна", "Выдана Римской-Корсаковой Анне Петровне")]
    [InlineData("patronymic with оглы", "Мамедов Ильхам Гейдар оглы", "Выдана Мамедову Ильхаму Гейдар оглы")]
    [InlineData("Latin transliteration of a woman's name", "Ivanova Mariya Petrovna", "Выдана Ивановой Марии Петровне")]
    [InlineData("a street named after a person besides the subject", Ivanov, "г. Москва, пр-т Владимира Ильича Ленина, д. 5\nСправка выдана Иванову И. П.")]
    [InlineData("2-NDFL fields whose columns OCR read apart", "Новикова Юлия Олеговна", "2. Данные о физическом лице — получателе дохода\n\nИНН в Российской Федерации\n\nФамилия\n\nСтатус налогоплательщика 1\n\nНОВИКОВА Имя\n\nза 2025 год от 10 октября 2026 года\n\nКПП 941141182\nАО «Промстрой»\n559580325196\nЮЛИЯ Отчество ОЛЕГОВНА\n\nГражданство (код страны) 643")]
    public void Applicant_named_as_the_subject_matches(string scenario, string fio, string text)
    {
        var result = FioMatcher.Match(fio, text);

        Assert.True(result.Outcome == FioOutcome.Match, $"{scenario}: {result.Outcome} ({result.Evidence?.Text})");
        Assert.NotNull(result.Evidence);
    }

    [Theory]
    [InlineData("her, not him: Иванова Мария Петровна", Ivanov, "Пациент: Иванова Мария Петровна", "Иванова Мария Петровна")]
    [InlineData("her, unlabelled", Ivanov, "Иванова Мария Петровна находилась на лечении", "Иванова Мария Петровна")]
    [InlineData("her, dative", Ivanov, "Выдана Ивановой Марии Петровне", "Ивановой Марии Петровне")]
    [InlineData("same surname, another given name", Ivanov, "Пациент: Иванов Сергей Петрович", "Иванов Сергей Петрович")]
    [InlineData("same surname and name, another patronymic", Ivanov, "Пациент: Иванов Иван Сергеевич", "Иванов Иван Сергеевич")]
    [InlineData("same surname, other initials", Ivanov, "Пациент: Иванов А.С.", "Иванов А.С.")]
    [InlineData("Александра Сергеевна is not Александр Сергеевич", "Иванов Александр Сергеевич", "Гражданка Иванова Александра Сергеевна", "Иванова Александра Сергеевна")]
    [InlineData("him, when she applies", "Иванова Мария Петровна", "Гражданин Иванов Иван Петрович", "Иванов Иван Петрович")]
    [InlineData("applicant only the doctor", Ivanov, "Пациент: Сидоров Алексей Николаевич\nВрач: Иванов Иван Петрович", "Сидоров Алексей Николаевич")]
    [InlineData("applicant only the signatory", Ivanov, "Справка выдана по месту требования.\nГлавный врач ______ Иванов И.П.", "Иванов И.П.")]
    [InlineData("another person in the labelled fields", Ivanov, "Фамилия Петров Имя Пётр Отчество Петрович", "Петров Пётр Петрович")]
    [InlineData("the applicant is the doctor of an upper-case sick leave", "Петров Сергей Иванович", "ЛИСТОК НЕТРУДОСПОСОБНОСТИ\nФИО: ИВАНОВ ИВАН ПЕТРОВИЧ\nВРАЧ: ПЕТРОВ СЕРГЕЙ ИВАНОВИЧ", "ИВАНОВ ИВАН ПЕТРОВИЧ")]
    [InlineData("applicant only the Исполнитель", Ivanov, "Справка дана по месту требования.\nИсполнитель: Иванов И.П., тел. 8-495-123-45-67", "Иванов И.П.")]
    [InlineData("her patronymic, when he gave none", "Иванов Иван", "Пациентка: Иванова Ивана Сергеевна", "Иванова Ивана Сергеевна")]
    [InlineData("applicant is the tax agent, not the income recipient", Ivanov, "Сведения о налоговом агенте: ИП Иванов Иван Петрович\nСведения о получателе дохода\nФамилия Сидоров Имя Пётр Отчество Ильич", "Сидоров Пётр Ильич")]
    public void Another_subject_or_the_applicant_only_as_official_is_a_mismatch(string scenario, string fio, string text, string evidence)
    {
        var result = FioMatcher.Match(fio, text);

        Assert.True(result.Outcome == FioOutcome.Mismatch, $"{scenario}: {result.Outcome} ({result.Evidence?.Text})");
        Assert.Equal(evidence, result.Evidence?.Text);
    }

    [Theory]
    [InlineData("a surname alone is never enough", Ivanov, "Справка выдана Иванову для предъявления по месту требования")]
    [InlineData("no names at all", Ivanov, "Справка о доходах за 2025 год")]
    [InlineData("given name and patronymic without a surname", Ivanov, "Уважаемый Иван Петрович, вам надлежит явиться")]
    [InlineData("a reading too damaged to tell is not another person", Ivanov, "Иваков Ивап Петрович находился на лечении")]
    [InlineData("one-letter given name does not break the request", "Ли Я", "Справка о доходах")]
    [InlineData("blank labelled fields are not filled from lines below", Ivanov, "Фамилия ________ Имя ________ Отчество ________\nСтатус 1\nГражданство 643\nДокумент 21\nАдрес Москва Садовая улица")]
    [InlineData("fields read apart show the applicant, never another person", Ivanov, "2. Данные о физическом лице — получателе дохода\n\nИНН в Российской Федерации\n\nФамилия\n\nСтатус налогоплательщика 1\n\nНОВИКОВА Имя\n\nза 2025 год от 10 октября 2026 года\n\nКПП 941141182\nАО «Промстрой»\n559580325196\nЮЛИЯ Отчество ОЛЕГОВНА\n\nГражданство (код страны) 643")]
    public void No_subject_name_is_not_found(string scenario, string fio, string text)
    {
        var result = FioMatcher.Match(fio, text);

        Assert.True(result.Outcome == FioOutcome.NotFound, $"{scenario}: {result.Outcome} ({result.Evidence?.Text})");
    }

    [Theory]
    [InlineData("Иванов Иван Петрович", nameof(FioOutcome.Match))]
    [InlineData("Иванова Мария Сергеевна", nameof(FioOutcome.Match))]
    [InlineData("Иванов Артём Иванович", nameof(FioOutcome.Mismatch))]
    [InlineData("Сидорова Елена Викторовна", nameof(FioOutcome.Mismatch))]
    public void Birth_certificate_subject_is_a_parent_not_the_child(string fio, string expected)
    {
        var result = FioMatcher.Match(fio, RussianDocumentTexts.BirthCertificate, DocumentType.BirthCertificate);

        Assert.Equal(expected, result.Outcome.ToString());
    }

    [Fact]
    public void Genitive_of_him_and_nominative_of_her_share_a_surname_but_not_a_person()
    {
        var applicant = ApplicantName.Parse(Ivanov)!;

        Assert.Equal(Likeness.Either, applicant.CompareSurname("иванова"));
        Assert.NotEqual(Likeness.Different, applicant.CompareGivenName("ивана"));
        Assert.Equal(Likeness.Same, applicant.ComparePatronymic("петровича"));
        Assert.Equal(Likeness.Different, applicant.CompareGivenName("мария"));
        Assert.Equal(Likeness.Different, applicant.ComparePatronymic("петровна"));
    }

    [Theory]
    [InlineData("Иванов", nameof(Gender.Male), new[] { "иванов", "иванова", "иванову", "ивановым", "иванове" })]
    [InlineData("Иванова", nameof(Gender.Female), new[] { "иванова", "ивановой", "иванову" })]
    [InlineData("Сокольский", nameof(Gender.Male), new[] { "сокольский", "сокольского", "сокольскому", "сокольским", "сокольском" })]
    [InlineData("Шевченко", nameof(Gender.Male), new[] { "шевченко" })]
    [InlineData("Шмидт", nameof(Gender.Female), new[] { "шмидт" })]
    [InlineData("Петров-Водкин", nameof(Gender.Male), new[] { "петров-водкин", "петрова-водкина", "петрову-водкину", "петровым-водкиным", "петрове-водкине" })]
    public void Surname_declines_into_its_case_forms(string surname, string gender, string[] expected)
    {
        var forms = NameDeclension.Surname(surname.ToLowerInvariant(), Enum.Parse<Gender>(gender));

        Assert.Equal(expected.Order(), forms.Order());
    }
}
