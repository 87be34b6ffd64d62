using RbIdp.Pipeline.Checks.Text;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Ocr;

namespace RbIdp.Tests.Documents;

/// <summary>One table of Latin look-alikes, and what each of its three readers folds with it.</summary>
public sealed class LatinLookAlikesTests
{
    [Theory]
    [InlineData('A', 'А')]
    [InlineData('B', 'В')]
    [InlineData('C', 'С')]
    [InlineData('E', 'Е')]
    [InlineData('H', 'Н')]
    [InlineData('K', 'К')]
    [InlineData('M', 'М')]
    [InlineData('O', 'О')]
    [InlineData('P', 'Р')]
    [InlineData('T', 'Т')]
    [InlineData('X', 'Х')]
    [InlineData('Y', 'У')]
    [InlineData('a', 'а')]
    [InlineData('c', 'с')]
    [InlineData('e', 'е')]
    [InlineData('o', 'о')]
    [InlineData('p', 'р')]
    [InlineData('x', 'х')]
    [InlineData('y', 'у')]
    [InlineData('k', 'к')]
    public void A_Latin_letter_that_prints_like_a_Russian_one_has_that_letter_as_its_twin(char latin, char cyrillic)
    {
        Assert.True(LatinLookAlikes.TryGetCyrillicTwin(latin, out var twin));
        Assert.Equal(cyrillic, twin);
    }

    [Theory]
    [InlineData('b')] // б in italics, not a twin of upright text
    [InlineData('n')]
    [InlineData('u')]
    [InlineData('I')]
    [InlineData('и')]
    [InlineData('0')]
    public void Any_other_character_has_no_twin(char c)
    {
        Assert.False(LatinLookAlikes.TryGetCyrillicTwin(c, out var same));
        Assert.Equal(c, same);
    }

    [Theory]
    [InlineData("Иваноy")]
    [InlineData("Kрылов")]
    [InlineData("Ивaнoв")]
    public void The_stored_OCR_text_and_the_checks_fold_the_same_letters_in_a_Cyrillic_word(string read)
    {
        Assert.Equal(HomoglyphFolder.Fold(read), OcrText.Fold(read));
        Assert.DoesNotContain(HomoglyphFolder.Fold(read), char.IsAsciiLetter);
    }

    [Theory]
    [InlineData("PEKA", "РЕКА")]
    [InlineData("Пaмять", "Память")]
    [InlineData("Иuaнов", "Иианов")]
    [InlineData("Ёлкин", "Елкин")]
    public void The_checks_also_fold_words_made_only_of_look_alikes_italic_misreads_and_yo(string read, string folded) =>
        Assert.Equal(folded, OcrText.Fold(read));

    [Theory]
    [InlineData("PEKA")]
    [InlineData("Иuaнов")]
    [InlineData("Ёлкин")]
    public void The_stored_OCR_text_keeps_what_is_not_certain(string read) =>
        Assert.Equal(read, HomoglyphFolder.Fold(read));
}
