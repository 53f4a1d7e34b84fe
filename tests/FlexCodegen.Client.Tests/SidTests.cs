using System;
using System.Linq;
using System.Text.Json;
using Twilio;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

public class SidTests
{
    private const string Kd = "KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    [Fact]
    public void Parse_accepts_the_documented_form_and_round_trips()
    {
        var sid = InteractionSid.Parse(Kd);
        Assert.Equal(Kd, sid.ToString());
        Assert.Equal("KD", InteractionSid.Prefix);
        Assert.Equal(34, InteractionSid.Length);
        Assert.True(InteractionSid.IsValid(Kd.AsSpan()));
        Assert.False(sid.IsEmpty);
    }

    [Theory]
    [InlineData("UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // another resource's prefix
    [InlineData("KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 33 characters
    [InlineData("KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 35 characters
    [InlineData("KDgaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 'g' is not hex
    [InlineData("kdaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // prefix is case-sensitive
    [InlineData("")]
    public void Parse_rejects_malformed_ids_with_a_message_naming_type_form_and_value(string value)
    {
        var ex = Assert.Throws<FormatException>(() => InteractionSid.Parse(value));
        Assert.Contains("InteractionSid", ex.Message);
        Assert.Contains("'KD' + 32 hex digits, 34 characters", ex.Message);
        Assert.Contains("'" + value + "'", ex.Message);
        Assert.False(InteractionSid.TryParse(value, out var parsed));
        Assert.True(parsed.IsEmpty);
    }

    [Fact]
    public void Equality_hashing_and_ordering_are_by_value()
    {
        var a = InteractionSid.Parse(Kd);
        var b = InteractionSid.Parse(new string(Kd.ToCharArray()));
        var c = InteractionSid.Parse("KDbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a != c);
        Assert.True(a.CompareTo(c) < 0);
    }

    [Fact]
    public void Span_parsing_works_through_the_generic_interface()
    {
        static T ParseAny<T>(string s) where T : ISpanParsable<T> => T.Parse(s.AsSpan(), null);
        Assert.Equal(Kd, ParseAny<InteractionSid>(Kd).ToString());
    }

    [Fact]
    public void Json_round_trip_through_System_Text_Json_in_the_users_own_types()
    {
        var dto = new Holder { Id = InteractionSid.Parse(Kd) };
        string json = JsonSerializer.Serialize(dto);
        Assert.Equal("{\"Id\":\"" + Kd + "\"}", json);
        Assert.Equal(dto.Id, JsonSerializer.Deserialize<Holder>(json)!.Id);
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Holder>("{\"Id\":\"UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}"));
        Assert.Contains("InteractionSid", ex.Message);
    }

    [Fact]
    public void Default_is_no_id_and_cannot_become_a_path()
    {
        var none = default(InteractionSid);
        Assert.True(none.IsEmpty);
        Assert.Equal("", none.ToString());
        var ex = Assert.Throws<ArgumentException>(() => none.ToPathSegment("interactionSid"));
        Assert.Contains("default(InteractionSid) is not an id", ex.Message);
    }

    [Fact]
    public void Each_interactions_prefix_has_its_own_type()
    {
        Assert.Equal("UO", InteractionChannelSid.Prefix);
        Assert.Equal("UT", InteractionChannelParticipantSid.Prefix);
        Assert.Equal("KG", InteractionChannelInviteSid.Prefix);
        Assert.Equal("UX", InteractionTransferSid.Prefix);
        Assert.Equal("AC", AccountSid.Prefix);
    }

    private sealed class Holder
    {
        public InteractionSid Id { get; set; }
    }

    [Theory]
    [InlineData("KD0123456789abcdefABCDEF0123456789")]
    [InlineData("KDFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")]
    [InlineData("KD00000000000000000000000000000000")]
    [InlineData("KDaAbBcCdDeEfF00112233445566778899")]
    public void Any_hex_id_round_trips_exactly_through_text_json_and_keys(string text)
    {
        var sid = InteractionSid.Parse(text);
        Assert.Equal(text, sid.ToString());
        Assert.Equal($"\"{text}\"", JsonSerializer.Serialize(sid));
        Assert.Equal(sid, JsonSerializer.Deserialize<InteractionSid>($"\"{text}\""));
        Assert.Equal($"{{\"{text}\":1}}", JsonSerializer.Serialize(new System.Collections.Generic.Dictionary<InteractionSid, int> { [sid] = 1 }));
        Assert.Equal(sid, InteractionChannel.Parse($"{{\"interaction_sid\":\"{text}\"}}").InteractionSid);
        string swapped = "KD" + new string(text.Substring(2).Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)).ToArray());
        if (swapped != text) Assert.NotEqual(sid, InteractionSid.Parse(swapped)); // case is kept, as in the text
    }

    [Fact]
    public void Ordering_is_the_ordinal_order_of_the_text()
    {
        string[] texts = { "KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "KDAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "KD0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa9", "KDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaF" };
        foreach (var x in texts)
            foreach (var y in texts)
                Assert.Equal(Math.Sign(string.CompareOrdinal(x, y)), Math.Sign(InteractionSid.Parse(x).CompareTo(InteractionSid.Parse(y))));
        Assert.True(default(InteractionSid).CompareTo(InteractionSid.Parse(texts[0])) < 0);
    }

    [Fact]
    public void Parsing_a_valid_id_from_a_span_allocates_nothing()
    {
        var text = "KD0123456789abcdefABCDEF0123456789".AsSpan();
        InteractionSid.TryParse(text, out _); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) InteractionSid.TryParse(text, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
