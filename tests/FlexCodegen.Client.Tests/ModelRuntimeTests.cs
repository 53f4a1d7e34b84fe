using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using FlexCodegen.Runtime;
using Twilio;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

/// <summary>
/// Models and enums do their work in the runtime (JsonModelFields, JsonModelWriter, TwilioEnumValues, the defaults of
/// ITwilioTextValue, RequestValidator's one-line checks): the wire JSON, the messages and the equality they had.
/// </summary>
public class ModelRuntimeTests
{
    private const string Channel = "UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";

    [Fact]
    public void A_field_name_or_enum_value_sent_with_json_escapes_is_the_field_or_value_it_spells()
    {
        var channel = InteractionChannel.Parse($$"""{"s\u0069d":"{{Channel}}","st\u0061tus":"\u0061ctive"}""");

        Assert.Equal(Channel, channel.Sid.ToString());
        Assert.Equal(InteractionChannelStatus.Active, channel.Status);
        Assert.True(channel.Status!.Value.IsKnown);
        Assert.Null(channel.AdditionalProperties);
    }

    [Fact]
    public void Unknown_fields_are_kept_in_order_and_written_back_after_the_known_ones()
    {
        var channel = InteractionChannel.Parse($$"""{"zeta":1,"sid":"{{Channel}}","alpha":{"x":[true]},"sidx":"not the sid"}""");

        Assert.Equal(new[] { "zeta", "alpha", "sidx" }, channel.AdditionalProperties!.Keys);
        Assert.Equal($$"""{"sid":"{{Channel}}","zeta":1,"alpha":{"x":[true]},"sidx":"not the sid"}""", channel.ToString());
    }

    [Fact]
    public void A_field_of_the_wrong_shape_is_kept_as_it_came_and_an_answer_that_is_not_an_object_is_named()
    {
        var wrong = InteractionChannel.Parse("""{"status":5,"type":"sms"}""");
        Assert.Null(wrong.Status);
        Assert.Equal(5, wrong.AdditionalProperties!["status"].GetInt32());
        Assert.Equal("sms", wrong.Type.ToString());

        var nested = InteractionChannel.Parse("""{"type":"sms","links":[1]}""");
        Assert.Null(nested.Links);
        Assert.Equal("[1]", nested.AdditionalProperties!["links"].GetRawText());

        var notObject = Assert.Throws<JsonException>(() => InteractionChannel.Parse("[]"));
        Assert.Equal("InteractionChannel: expected a JSON object, got StartArray.", notObject.Message);
    }

    [Fact]
    public void Malformed_json_between_fields_is_not_blamed_on_a_field()
    {
        var ex = Assert.ThrowsAny<JsonException>(() => InteractionChannel.Parse($$"""{"sid":"{{Channel}}",}"""));
        Assert.DoesNotContain("InteractionChannel.sid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_id_in_a_model_is_written_as_its_text_and_null_fields_are_left_out()
    {
        Assert.Equal("""{"sid":""}""", new InteractionChannel { Sid = default(InteractionChannelSid) }.ToString());
        Assert.Equal("{}", new InteractionChannel().ToString());
    }

    [Fact]
    public void Enum_equality_is_ordinal_on_the_wire_text_and_default_is_not_the_empty_text()
    {
        Assert.Equal(InteractionChannelStatus.Active, new InteractionChannelStatus("active"));
        Assert.True(InteractionChannelStatus.Active == new InteractionChannelStatus("active"));
        Assert.True(InteractionChannelStatus.Active != new InteractionChannelStatus("Active"));
        Assert.NotEqual(default, new InteractionChannelStatus(""));
        Assert.Equal(0, default(InteractionChannelStatus).GetHashCode());
        Assert.Equal(new InteractionChannelStatus("x").GetHashCode(), new InteractionChannelStatus("x").GetHashCode());
        Assert.True(InteractionChannelStatus.Active.Equals((object)new InteractionChannelStatus("active")));
        Assert.False(default(InteractionChannelStatus).IsKnown);
        Assert.Equal("", default(InteractionChannelStatus).ToString());
        Assert.Throws<ArgumentNullException>(() => new InteractionChannelStatus(null!));
    }

    [Fact]
    public void An_enum_reads_and_writes_through_the_runtime_converter_as_a_value_and_as_a_dictionary_key()
    {
        var options = new JsonSerializerOptions { Converters = { new TwilioTextJsonConverter<InteractionChannelStatus>() } };
        var converter = new TwilioTextJsonConverter<InteractionChannelStatus>();

        var reader = new Utf8JsonReader("\"closed\""u8);
        reader.Read();
        Assert.Equal(InteractionChannelStatus.Closed, converter.Read(ref reader, typeof(InteractionChannelStatus), options));

        var number = new Utf8JsonReader("5"u8);
        number.Read();
        string message = "";
        try { converter.Read(ref number, typeof(InteractionChannelStatus), options); }
        catch (JsonException ex) { message = ex.Message; }
        Assert.Equal("InteractionChannelStatus: expected a JSON string, got Number.", message);

        var name = new Utf8JsonReader("{\"brand-new\":1}"u8);
        name.Read();
        name.Read();
        Assert.Equal("brand-new", converter.ReadAsPropertyName(ref name, typeof(InteractionChannelStatus), options).ToString());

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            converter.WriteAsPropertyName(writer, InteractionChannelStatus.Active, options);
            converter.Write(writer, new InteractionChannelStatus("brand-new"), options);
            writer.WriteEndObject();
        }
        Assert.Equal("""{"active":"brand-new"}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Known_values_are_the_listed_ones_in_order_and_read_only()
    {
        var known = InteractionTransferStatus.KnownValues;
        Assert.Equal(new[] { "active", "failed", "completed" }, System.Linq.Enumerable.Select(known, v => v.ToString()));
        Assert.IsNotAssignableFrom<IList<InteractionTransferStatus>>(known);
    }

    [Fact]
    public void A_nested_objects_default_id_and_empty_enum_are_violations_named_by_path_with_the_right_article()
    {
        var ex = Assert.Throws<RequestValidationException>(() => CreateInteractionRequest.CreateBuilder()
            .WithChannel(new InteractionChannelSpec { Type = new InteractionChannelType(""), Sid = default(InteractionChannelSid) })
            .WithRouting(new InteractionRouting())
            .Build());

        Assert.Contains(ex.Violations, v => v.Field == "Channel.type" && v.Rule.StartsWith("must be a value, not empty: one of ", StringComparison.Ordinal) && v.Rule.EndsWith(", or a newer one by its wire text", StringComparison.Ordinal));
        Assert.Contains(ex.Violations, v => v.Field == "Channel.sid" && v.Rule.StartsWith("must be an InteractionChannelSid (", StringComparison.Ordinal) && v.Rule.EndsWith("), not default(InteractionChannelSid)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AccountSid", "an")]
    [InlineData("InteractionSid", "an")]
    [InlineData("ExecutionSid", "an")]
    [InlineData("UserSid", "a")]
    [InlineData("UnitSid", "a")]
    [InlineData("ChannelSid", "a")]
    [InlineData("", "a")]
    public void Default_id_messages_use_the_article_the_name_is_spoken_with(string idType, string article)
    {
        var check = new RequestValidator("R");
        check.DefaultId("f", idType, "XX + 32 hex");
        var ex = Assert.Throws<RequestValidationException>(check.ThrowIfInvalid);
        Assert.Equal($"must be {article} {idType} (XX + 32 hex), not default({idType})", ex.Violations[0].Rule);
    }

    [Fact]
    public void An_empty_enum_value_the_spec_lists_passes_and_a_newer_one_is_sent_as_given()
    {
        var check = new RequestValidator("R");
        var listsEmpty = new[] { new InteractionChannelStatus(""), InteractionChannelStatus.Active };
        check.EnumValue("a", new InteractionChannelStatus(""), listsEmpty);
        check.EnumValue("b", new InteractionChannelStatus("newer"), InteractionChannelStatus.KnownValues);
        check.EnumValue("c", (InteractionChannelStatus?)null, InteractionChannelStatus.KnownValues);
        check.EnumValue("path", ".d", new InteractionChannelStatus("newer"), InteractionChannelStatus.KnownValues);
        Assert.True(check.IsValid);

        check.EnumValue("path", ".e", new InteractionChannelStatus(""), InteractionChannelStatus.KnownValues);
        var ex = Assert.Throws<RequestValidationException>(check.ThrowIfInvalid);
        Assert.Equal("path.e", Assert.Single(ex.Violations).Field);
    }
}
