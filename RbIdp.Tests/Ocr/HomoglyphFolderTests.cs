using RbIdp.Pipeline.Ocr;

namespace RbIdp.Tests.Ocr;

public sealed class HomoglyphFolderTests
{
    [Theory]
    [InlineData("Ивaнов", "Иванов")]
    [InlineData("ИBAHOB", "ИВАНОВ")]
    [InlineData("Пeтрoвич", "Петрович")]
    [InlineData("Cмирнова Eлена", "Смирнова Елена")]
    [InlineData("Иван0в", "Иванов")]
    [InlineData("0бщество", "Общество")]
    [InlineData("ИВАН0В", "ИВАНОВ")]
    [InlineData("выдана «1O» ноября", "выдана «1O» ноября")]
    public void Latin_look_alikes_inside_Cyrillic_words_become_Cyrillic(string read, string expected) =>
        Assert.Equal(expected, HomoglyphFolder.Fold(read));

    [Theory]
    [InlineData("OOO Romashka")]
    [InlineData("ivanov@example.com")]
    [InlineData("3НДФЛ")]
    [InlineData("2НДФЛ")]
    [InlineData("ИНН 7701234567")]
    [InlineData("Иванов Ivan")]
    [InlineData("ГБУЗ № 220")]
    [InlineData("Hellо")]
    public void Words_without_Cyrillic_or_with_other_Latin_letters_or_numbers_stay_as_they_are(string read) =>
        Assert.Equal(read, HomoglyphFolder.Fold(read));
}
