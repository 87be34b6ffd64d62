namespace RbIdp.Tests.Synthetic;

public sealed class NameDeclensionTests
{
    [Theory]
    [InlineData("Иванов Иван Петрович", NameCase.Dative, "Иванову Ивану Петровичу")]
    [InlineData("Иванов Иван Петрович", NameCase.Genitive, "Иванова Ивана Петровича")]
    [InlineData("Иванов Иван Петрович", NameCase.Instrumental, "Ивановым Иваном Петровичем")]
    [InlineData("Иванова Мария Петровна", NameCase.Dative, "Ивановой Марии Петровне")]
    [InlineData("Иванова Мария Петровна", NameCase.Accusative, "Иванову Марию Петровну")]
    [InlineData("Петровский Сергей Андреевич", NameCase.Dative, "Петровскому Сергею Андреевичу")]
    [InlineData("Петровская Наталья Игоревна", NameCase.Genitive, "Петровской Натальи Игоревны")]
    [InlineData("Кузьмин Никита Олегович", NameCase.Genitive, "Кузьмина Никиты Олеговича")]
    [InlineData("Соколов Илья Дмитриевич", NameCase.Instrumental, "Соколовым Ильёй Дмитриевичем")]
    [InlineData("Гоголь Игорь Васильевич", NameCase.Dative, "Гоголю Игорю Васильевичу")]
    [InlineData("Шевченко Ольга Ивановна", NameCase.Dative, "Шевченко Ольге Ивановне")]
    [InlineData("Шевчук Анна Юрьевна", NameCase.Genitive, "Шевчук Анны Юрьевны")]
    [InlineData("Римских-Корсаков Дмитрий Ильич", NameCase.Dative, "Римских-Корсакову Дмитрию Ильичу")]
    public void Declines_common_Russian_names(string nominative, NameCase nameCase, string expected) =>
        Assert.Equal(expected, PersonName.Parse(nominative).In(nameCase));

    [Fact]
    public void Opposite_gender_keeps_the_family_name_and_the_father()
    {
        var sister = PersonName.Parse("Иванов Иван Петрович").OppositeGender("Мария");

        Assert.Equal("Иванова Мария Петровна", sister.Full);
        Assert.Equal(Gender.Female, sister.Gender);
    }

    [Fact]
    public void Initials_in_the_dative()
    {
        Assert.Equal("И. П. Иванову", PersonName.Parse("Иванов Иван Петрович").WithInitials(NameCase.Dative, initialsFirst: true, spaced: true));
    }
}
