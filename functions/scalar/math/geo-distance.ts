import type { ScalarFunction } from '../../function.ts';
import { ProcessingError } from '../../../common/errors.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';

const EARTH_RADIUS_KM = 6371;
const EARTH_RADIUS_MILES = 3959;

const MILES = ['mi', 'mile', 'miles'];
const KMS = ['km', 'kilometer', 'kilometers', 'kilometre', 'kilometres'];

function radiusFor(unit: string | null): number {
  const u = unit?.trim().toLowerCase() ?? '';
  if (u === '' || KMS.includes(u)) return EARTH_RADIUS_KM;
  if (MILES.includes(u)) return EARTH_RADIUS_MILES;
  throw new ProcessingError(`GeoDistance function units parameter must be one of ${[...MILES, ...KMS].join(', ')}`);
}

// Divide-then-multiply, as the JDK's Math.toRadians did: it matches ksqlDB's results to the last bit.
const toRadians = (deg: number): number => (deg / 180) * Math.PI;

/** Great-circle distance by the haversine formula. */
function geoDistance(lat1: number | null, lon1: number | null, lat2: number | null, lon2: number | null, unit: string | null = null): number | null {
  if (lat1 === null || lon1 === null || lat2 === null || lon2 === null) return null;
  if (Math.abs(lat1) > 90 || Math.abs(lat2) > 90) {
    throw new ProcessingError('valid latitude values for GeoDistance function are in the range of -90 to 90 decimal degrees');
  }
  if (Math.abs(lon1) > 180 || Math.abs(lon2) > 180) {
    throw new ProcessingError('valid longitude values for GeoDistance function are in the range of -180 to +180 decimal degrees');
  }
  const dLat = toRadians(lat2 - lat1);
  const dLon = toRadians(lon2 - lon1);
  const a = Math.pow(Math.sin(dLat / 2), 2) + Math.pow(Math.sin(dLon / 2), 2) * Math.cos(toRadians(lat1)) * Math.cos(toRadians(lat2));
  return 2 * Math.asin(Math.sqrt(a)) * radiusFor(unit);
}

const names = ['lat1', 'lon1', 'lat2', 'lon2', 'units'];

export const geoDistanceFn: ScalarFunction = {
  name: 'geo_distance',
  category: 'MATHEMATICAL',
  description: 'The great-circle distance between two points, in km (default) or miles.',
  signatures: [
    sig([P.DOUBLE, P.DOUBLE, P.DOUBLE, P.DOUBLE], P.DOUBLE, geoDistance, { names, nullSafe: true }),
    // A null unit means kilometres.
    sig([P.DOUBLE, P.DOUBLE, P.DOUBLE, P.DOUBLE, P.STRING], P.DOUBLE, geoDistance, { names, nullSafe: true }),
  ],
};
