using StackLint.Frontend.Facts;
using Xunit;

namespace StackLint.Tests.Frontend;

public sealed class FieldIdentityTests
{
    [Theory]
    [InlineData("->Flags", "struct _LOG::Flags", "struct _LOG::Flags")]
    [InlineData("->Flags", null, "->Flags")]
    [InlineData("h", null, "h")]
    [InlineData("*p", "struct _LOG::Flags", "*p")]
    public void Key_is_the_field_for_a_member_and_the_lvalue_otherwise(string lvalue, string? field, string expected) =>
        Assert.Equal(expected, FieldIdentity.Key(lvalue, field));

    [Theory]
    [InlineData("struct _LOG::Flags", "->Flags")]
    [InlineData("struct ns::Outer::Flags", "->Flags")]
    [InlineData(@"struct (unnamed struct at C:\drv\log.h:3:9)::Flags", "->Flags")]
    [InlineData("->Flags", "->Flags")]
    [InlineData("h", "h")]
    public void Display_reads_as_the_member(string key, string expected) => Assert.Equal(expected, FieldIdentity.Display(key));

    [Theory]
    [InlineData("struct _LOG::Flags", "struct _LOG")]
    [InlineData("struct _OB_OPERATION_REGISTRATION::PreOperation", "struct _OB_OPERATION_REGISTRATION")]
    [InlineData("struct ns::Outer::Flags", "struct ns::Outer")]
    [InlineData(@"struct (unnamed struct at C:\drv\log.h:3:9)::Flags", @"struct (unnamed struct at C:\drv\log.h:3:9)")]
    [InlineData("->Flags", null)]
    [InlineData("h", null)]
    public void Record_is_the_part_before_the_member(string field, string? expected) => Assert.Equal(expected, FieldIdentity.Record(field));

    [Theory]
    [InlineData("struct _LOG::Flags", "struct _LOG::Flags", true)]
    [InlineData("struct _LOG::Flags", "struct _QUEUE::Flags", false)]
    [InlineData("struct _LOG::Flags", "->Flags", true)]
    [InlineData("->Flags", "struct _QUEUE::Flags", true)]
    [InlineData("->Flags", "->State", false)]
    [InlineData("Flags", "struct _LOG::Flags", false)]
    public void Only_a_member_of_unknown_record_may_be_any_field_of_its_name(string a, string b, bool expected) =>
        Assert.Equal(expected, FieldIdentity.MayBeSame(a, b));
}
