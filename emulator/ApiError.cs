using System;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FlexCodegen.Emulator;

/// <summary>An error answered the way Twilio answers: <c>{code, message, more_info, status}</c>.</summary>
public sealed class ApiError : Exception
{
    /// <summary>An error to answer with.</summary>
    /// <param name="status">The HTTP status, e.g. 400.</param>
    /// <param name="code">Twilio's error code, e.g. 20001.</param>
    /// <param name="message">What was wrong, for the client (never a secret).</param>
    public ApiError(int status, int code, string message) : base(message)
    {
        Status = status;
        Code = code;
    }

    /// <summary>The HTTP status answered, also the body's <c>status</c>.</summary>
    public int Status { get; }

    /// <summary>Twilio's error code: the body's <c>code</c>, and the end of its <c>more_info</c> URL.</summary>
    public int Code { get; }

    /// <summary>404 / 20404 for a path that names nothing the emulator has.</summary>
    /// <param name="path">The request's path, named in the message.</param>
    /// <returns>The error.</returns>
    public static ApiError NotFound(string path) => new(404, 20404, $"The requested resource {path} was not found");

    /// <summary>400 / 20001: a parameter missing or not as the spec or Twilio's docs say.</summary>
    /// <param name="message">Which parameter, and what is wrong with it.</param>
    /// <returns>The error.</returns>
    public static ApiError Invalid(string message) => new(400, 20001, message);

    /// <summary>The answer: the status, and <c>{code, message, more_info, status}</c> as JSON.</summary>
    /// <returns>An ASP.NET Core result that writes it.</returns>
    public IResult ToResult() => Results.Json(new JsonObject
    {
        ["code"] = Code,
        ["message"] = Message,
        ["more_info"] = "https://www.twilio.com/docs/errors/" + Code,
        ["status"] = Status,
    }, statusCode: Status);
}
