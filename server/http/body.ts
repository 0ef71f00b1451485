import express, { type RequestHandler } from 'express';
import { HttpError } from '../errors';
import { parseJsonInPieces } from '../import/json-pieces';

/**
 * The JSON body of a route with a large bodyLimit (an import: a whole file as a JSON string, up to 25 MB). express
 * reads the bytes (413 past `limit`, a gzip body inflated, other content types left alone as express.json
 * would); then they are parsed a piece at a time (import/json-pieces.ts), never in one JSON.parse on the event
 * loop. Bad JSON answers 400 bad_json, as express.json's does (errors.ts). The route's schema then checks the
 * value, as for any body (http/contract.ts).
 */
export function largeJsonBody(limit: string): RequestHandler[] {
  return [express.raw({ type: 'application/json', limit }), parseRawJson];
}

const parseRawJson: RequestHandler = async (req, _res, next) => {
  const raw: unknown = req.body;
  if (!Buffer.isBuffer(raw)) return next(); // no body, or not JSON: the route's schema says what is missing
  let body: unknown;
  try {
    body = raw.length === 0 ? {} : await parseJsonInPieces(raw); // an empty body is {}, as with express.json
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    throw badJson(err.message);
  }
  if (typeof body !== 'object' || body === null) throw badJson('The body is not a JSON object or array'); // express.json's strict mode
  req.body = body;
  next();
};

const badJson = (reason: string) => new HttpError(400, 'bad_json', 'The request body is not valid JSON', { reason });
