namespace RbIdp.Pipeline.Checks.Names;

internal enum Gender
{
    Unknown,
    Male,
    Female,
}
