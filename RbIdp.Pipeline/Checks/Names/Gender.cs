namespace RbIdp.Pipeline.Checks.Names;

public enum Gender
{
    Unknown,
    Male,
    Female,
}
