import { useTranslation } from 'react-i18next';
import type { Tour } from '../../api/planning.ts';
import { makeProjection, scaleBarKm, type LatLon } from './projection.ts';
import { tourColours } from './week.ts';

const box = { width: 800, height: 520, padding: 36 };

interface TourMapProps {
  depot: LatLon;
  /** The tours to draw, each with its index into tourColours (kept stable when a day is filtered). */
  tours: { tour: Tour; colour: number }[];
  label: string;
}

/**
 * The week's tours drawn from their coordinates (no tile server is reachable): a 1-km grid as the
 * base, the Bürgerbüro as a square, every tour as a coloured route with numbered stops. The tour
 * list beside it carries the same content as text, so the map itself is one labelled image.
 */
export function TourMap({ depot, tours, label }: TourMapProps) {
  const { t } = useTranslation();
  const points: LatLon[] = [depot, ...tours.flatMap(({ tour }) => tour.stops)];
  const { project, pxPerKm } = makeProjection(points, box);
  const home = project(depot);
  const km = scaleBarKm(pxPerKm, box.width / 4);
  const gridStep = km * pxPerKm;
  const gridX = Array.from({ length: Math.ceil(box.width / gridStep) + 1 }, (_, i) => home.x % gridStep + i * gridStep);
  const gridY = Array.from({ length: Math.ceil(box.height / gridStep) + 1 }, (_, i) => home.y % gridStep + i * gridStep);
  return (
    <figure className="bk-tour-map">
      <svg viewBox={`0 0 ${box.width} ${box.height}`} role="img" aria-label={label} className="bk-tour-map__svg">
        <rect x={0} y={0} width={box.width} height={box.height} fill="#fff" />
        <g stroke="#e3e7ee" strokeWidth={1}>
          {gridX.map((x) => <line key={`x${x}`} x1={x} y1={0} x2={x} y2={box.height} />)}
          {gridY.map((y) => <line key={`y${y}`} x1={0} y1={y} x2={box.width} y2={y} />)}
        </g>
        {tours.map(({ tour, colour }) => {
          const path = [depot, ...tour.stops, depot].map(project);
          const stroke = tourColours[colour % tourColours.length];
          return (
            <g key={tour.id}>
              <polyline points={path.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')} fill="none" stroke={stroke}
                strokeWidth={3} strokeLinejoin="round" strokeDasharray={tour.locked || tour.status === 'confirmed' ? undefined : '8 5'} />
              {tour.stops.map((stop, index) => {
                const p = project(stop);
                return (
                  <g key={stop.id}>
                    <circle cx={p.x} cy={p.y} r={11} fill="#fff" stroke={stroke} strokeWidth={3} />
                    <text x={p.x} y={p.y + 4} textAnchor="middle" fontSize={12} fontWeight={700} fill="#1f2937">{index + 1}</text>
                  </g>
                );
              })}
            </g>
          );
        })}
        <rect x={home.x - 9} y={home.y - 9} width={18} height={18} fill="#1f2937" />
        <text x={home.x + 14} y={home.y - 12} fontSize={13} fill="#1f2937">{t('planning.map.depot')}</text>
        <g transform={`translate(${box.padding / 2}, ${box.height - box.padding / 2})`}>
          <line x1={0} y1={0} x2={km * pxPerKm} y2={0} stroke="#1f2937" strokeWidth={3} />
          <line x1={0} y1={-5} x2={0} y2={5} stroke="#1f2937" strokeWidth={2} />
          <line x1={km * pxPerKm} y1={-5} x2={km * pxPerKm} y2={5} stroke="#1f2937" strokeWidth={2} />
          <text x={km * pxPerKm / 2} y={-8} textAnchor="middle" fontSize={12} fill="#1f2937">{km.toLocaleString('de-DE')} km</text>
        </g>
      </svg>
      <figcaption className="kern-body kern-body--small">{t('planning.map.caption')}</figcaption>
    </figure>
  );
}
