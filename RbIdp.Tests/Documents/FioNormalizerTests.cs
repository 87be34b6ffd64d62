using RbIdp.Pipeline.Checks.Names;
using RbIdp.Pipeline.Documents;

namespace RbIdp.Tests.Documents;

/// <summary>DOMAIN.md §1: trim, collapse spaces, ё→е, case-insensitive — and a Latin look-alike typed into a Cyrillic name.</summary>
public sealed class FioNormalizerTests
{
    [Theory]
    [InlineData("  Иванов   Иван\tПетрович ", "Иванов Иван Петрович")]
    [InlineData("Иванов\u00A0Иван", "Иванов Иван")]
    [InlineData("Салтыков-Щедрин  Михаил", "Салтыков-Щедрин Михаил")]
    [InlineData("Ёлкин Пётр", "Ёлкин Пётр")]
    [InlineData(null, "")]
    public void Tidy_trims_and_collapses_spaces_and_keeps_the_name_as_typed(string? typed, string tidy) =>
        Assert.Equal(tidy, FioNormalizer.Tidy(typed));

    [Theory]
    [InlineData("Иванов Иван Петрович", "иванов иван петрович")]
    [InlineData(" ИВАНОВ  иван\nПетрович ", "иванов иван петрович")]
    [InlineData("Ёлкин Пётр Семёнович", "елкин петр семенович")]
    [InlineData("Ивaнов Иван Пeтрович", "иванов иван петрович")] // Latin a and e
    [InlineData("Иванов POMAH Петрович", "иванов роман петрович")] // a word typed on the Latin layout, every letter a look-alike
    [InlineData("Салтыков-Щeдрин Михаил", "салтыков-щедрин михаил")]
    [InlineData("Ivanov Ivan", "ivanov ivan")] // a Latin name keeps its letters
    public void Normalize_gives_every_spelling_of_one_name_one_form(string typed, string normalized) =>
        Assert.Equal(normalized, FioNormalizer.Normalize(typed));

    [Fact]
    public void A_name_with_a_different_letter_is_a_different_name() =>
        Assert.NotEqual(FioNormalizer.Normalize("Иванов Иван"), FioNormalizer.Normalize("Иванова Иван"));

    [Fact]
    public void Words_split_at_spaces_and_commas_and_drop_the_dots_of_initials() =>
        Assert.Equal(["иванов", "и", "п"], FioNormalizer.Words("Иванов, И. П."));

    [Theory]
    [InlineData("Ивaнов Иван Петрович")]
    [InlineData("иванов  иван петрович")]
    [InlineData("ИВАНОВ ИВАН ПЕТРОВИЧ")]
    public void The_name_check_reads_a_typed_name_through_the_same_normaliser(string typed)
    {
        var applicant = ApplicantName.Parse(typed);

        Assert.NotNull(applicant);
        Assert.Equal("иванов иван петрович", applicant.ToString());
    }

    [Fact]
    public void The_name_check_reads_a_hyphenated_surname_as_one_word() =>
        Assert.Equal("салтыков-щедрин", ApplicantName.Parse("Салтыков-Щедрин Михаил Евграфович")!.Surname);

    [Theory]
    [InlineData("Иванов Иван Петрович", "И***** И. П.")]
    [InlineData("  Иванов\tИван ", "И***** И.")]
    public void The_log_redactor_takes_the_name_apart_at_the_same_spaces(string name, string logged)
    {
        var redactor = new NameInitialsRedactor();
        var destination = new char[redactor.GetRedactedLength(name)];

        redactor.Redact(name, destination);

        Assert.Equal(logged, new string(destination));
    }
}
